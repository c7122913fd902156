using Cake.Core.Diagnostics;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Loading;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Build;

/// <summary>Turns the Run target's options into a <see cref="RunRequest"/> and reports the finished run.</summary>
public static class RunOptions
{
    public static RunRequest Request(BuildContext context, FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(function);
        var actionText = context.Value("action") ?? "job";
        if (!Spellings.Actions.TryGetValue(actionText, out var action))
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The action '{actionText}' is not valid; use job, serve or build (build needs --executor=kubernetes).");
        }

        return new RunRequest
        {
            Action = action,
            Executor = Executor(context, function),
            Parameters = CommandLineValues.JsonPairs(context.Values("param"), "param"),
            Inputs = CommandLineValues.TextPairs(context.Values("input"), "input"),
            InitParameters = CommandLineValues.JsonPairs(context.Values("init-param"), "init-param"),
            Timeout = Seconds(context, "timeout"),
            ReadyTimeout = context.ReadyTimeout ?? TimeSpan.FromSeconds(60),
            Port = (int)(Number(context, "port") ?? 0),
        };
    }

    /// <summary>Prints the run, writes <c>--result-file</c>, and fails the target unless the run succeeded.</summary>
    public static async Task ReportAsync(BuildContext context, RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        Print(context, run);
        if (context.Value("result-file") is { } path)
        {
            await RunReport.WriteAsync(run, Path.GetFullPath(path, context.Root), CancellationToken.None).ConfigureAwait(false);
        }

        switch (run.State)
        {
            case RunState.Error:
                throw new PythonRuntimeException(ExitCodes.RunFailed, $"Run {run.Id} of '{run.FunctionName}' ended in ERROR ({run.Error?.Category}): {run.Error?.Type}: {run.Error?.Message}");
            case RunState.Stopped when run.Action != TaskAction.Serve || context.Stopping.IsCancellationRequested:
                throw new OperationCanceledException($"Run {run.Id} was stopped.");
        }
    }

    /// <summary>Prints a run's state, results, outputs and service URL.</summary>
    public static void Print(BuildContext context, RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        context.Log.Information("Run {0} ({1}, {2}): {3}{4}", run.Id, run.FunctionName, Spellings.Of(run.Action), RunStates.ToText(run.State), run.IsOrphaned ? " (its process ended without finishing it)" : string.Empty);
        foreach (var (name, value) in run.Results.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            context.Log.Information("  result {0,-20} {1}", name, value.GetRawText());
        }

        foreach (var (name, key) in run.Outputs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            context.Log.Information("  output {0,-20} {1}", name, key);
        }

        if (run.Service is { } service && run.State == RunState.Running)
        {
            var where = service.ProcessId is { } pid ? $"pid {pid}" : service.Handle ?? "no local process";
            context.Log.Information("  service {0} ({1}); invoke with --target=Invoke --run={2}, stop with --target=Stop --run={2}", service.Url, where, run.Id);
        }
    }

    private static RunExecutor Executor(BuildContext context, FunctionDefinition function)
    {
        var text = context.Value("executor");
        if (text is null)
        {
            var local = context.Value("local") is { } flag ? !flag.Equals("false", StringComparison.OrdinalIgnoreCase) : function.Spec.Run.LocalExecution;
            return local ? RunExecutor.Local : RunExecutor.Docker;
        }

        return text.ToLowerInvariant() switch
        {
            "local" => RunExecutor.Local,
            "docker" => RunExecutor.Docker,
            "kubernetes" => RunExecutor.Kubernetes,
            _ => throw new PythonRuntimeException(ExitCodes.Usage, $"The executor '{text}' is not valid; use local, docker or kubernetes."),
        };
    }

    private static TimeSpan? Seconds(BuildContext context, string option) =>
        Number(context, option) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    private static double? Number(BuildContext context, string option)
    {
        var text = context.Value(option);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new PythonRuntimeException(ExitCodes.Usage, $"The option --{option}='{text}' is not a non-negative number.");
    }
}
