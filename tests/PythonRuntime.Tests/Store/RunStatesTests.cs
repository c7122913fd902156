using NUnit.Framework;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

public sealed class RunStatesTests
{
    [TestCase(TaskAction.Job, RunState.Created, RunState.Built)]
    [TestCase(TaskAction.Job, RunState.Created, RunState.Ready)]
    [TestCase(TaskAction.Job, RunState.Created, RunState.Running)]
    [TestCase(TaskAction.Job, RunState.Built, RunState.Ready)]
    [TestCase(TaskAction.Job, RunState.Ready, RunState.Running)]
    [TestCase(TaskAction.Job, RunState.Running, RunState.Completed)]
    [TestCase(TaskAction.Job, RunState.Created, RunState.Error)]
    [TestCase(TaskAction.Job, RunState.Running, RunState.Error)]
    [TestCase(TaskAction.Build, RunState.Built, RunState.Completed)]
    [TestCase(TaskAction.Serve, RunState.Ready, RunState.Running)]
    [TestCase(TaskAction.Serve, RunState.Running, RunState.Stopped)]
    [TestCase(TaskAction.Serve, RunState.Created, RunState.Stopped)]
    [TestCase(TaskAction.Job, RunState.Running, RunState.Stopped)]
    public void Allows_forward_moves(TaskAction action, RunState from, RunState to)
    {
        Assert.That(RunStates.WhyNot(action, from, to), Is.Null);
    }

    [TestCase(TaskAction.Job, RunState.Completed, RunState.Running, "COMPLETED is final")]
    [TestCase(TaskAction.Job, RunState.Error, RunState.Completed, "ERROR is final")]
    [TestCase(TaskAction.Serve, RunState.Stopped, RunState.Error, "STOPPED is final")]
    [TestCase(TaskAction.Job, RunState.Running, RunState.Built, "only move forward")]
    [TestCase(TaskAction.Job, RunState.Ready, RunState.Created, "only move forward")]
    [TestCase(TaskAction.Job, RunState.Running, RunState.Running, "already RUNNING")]
    [TestCase(TaskAction.Serve, RunState.Running, RunState.Completed, "serve run ends STOPPED or ERROR")]
    [TestCase(TaskAction.Job, RunState.Created, RunState.Completed, "nothing was built or run yet")]
    public void Refuses_other_moves_with_the_reason(TaskAction action, RunState from, RunState to, string reason)
    {
        Assert.That(RunStates.WhyNot(action, from, to), Does.Contain(reason));
    }

    [Test]
    public void Names_round_trip()
    {
        foreach (var state in Enum.GetValues<RunState>())
        {
            Assert.That(RunStates.TryParse(RunStates.ToText(state), out var parsed), Is.True);
            Assert.That(parsed, Is.EqualTo(state));
        }

        Assert.That(RunStates.TryParse("running", out _), Is.False);
    }
}
