using Cake.Core;
using Cake.Core.Diagnostics;

namespace PythonRuntime.Build.Hosting;

/// <summary>
/// Runs the graph without side effects: tasks marked <see cref="ISupportsDryRun"/> run (and report what they
/// would do), every other task is only announced. Setup and teardown still run, as in Cake's own dry run.
/// </summary>
public sealed class DryRunExecutionStrategy(IExecutionStrategy inner, IReadOnlySet<string> dryRunTasks, ICakeLog log) : IExecutionStrategy
{
    private int _step;

    public void PerformSetup(Action<ISetupContext> action, ISetupContext context) => inner.PerformSetup(action, context);

    public void PerformTeardown(Action<ITeardownContext> action, ITeardownContext teardownContext) => inner.PerformTeardown(action, teardownContext);

    public async Task ExecuteAsync(CakeTask task, ICakeContext context)
    {
        ArgumentNullException.ThrowIfNull(task);
        _step++;
        if (dryRunTasks.Contains(task.Name))
        {
            log.Information($"{_step}. {task.Name} (dry run: reporting only)");
            await inner.ExecuteAsync(task, context).ConfigureAwait(false);
            return;
        }

        log.Information($"{_step}. {task.Name} (dry run: skipped)");
    }

    public void Skip(CakeTask task, CakeTaskCriteria criteria) => inner.Skip(task, criteria);

    public Task ReportErrorsAsync(Func<Exception, Task> action, Exception exception) => inner.ReportErrorsAsync(action, exception);

    public Task HandleErrorsAsync(Func<Exception, ICakeContext, Task> action, Exception exception, ICakeContext context) =>
        inner.HandleErrorsAsync(action, exception, context);

    public Task InvokeFinallyAsync(Func<ICakeContext, Task> action, ICakeContext context) => inner.InvokeFinallyAsync(action, context);

    public void PerformTaskSetup(Action<ITaskSetupContext> action, ITaskSetupContext taskSetupContext) => inner.PerformTaskSetup(action, taskSetupContext);

    public void PerformTaskTeardown(Action<ITaskTeardownContext> action, ITaskTeardownContext taskTeardownContext) =>
        inner.PerformTaskTeardown(action, taskTeardownContext);
}
