using NUnit.Framework;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

/// <summary>
/// A process killed mid-run (kill -9) never gets to finish its run. The tests simulate it by abandoning a store
/// instance with the run RUNNING and its owner a process that has certainly ended, then opening a new instance.
/// </summary>
public sealed class OrphanTests : StoreTestBase
{
    [Test]
    public async Task An_abandoned_run_is_seen_as_orphaned_and_left_as_it_was()
    {
        var dead = DeadProcess.Owner();
        string runId;
        await using (var abandoned = await RunStore.OpenAsync(StateDirectory, new StoreOptions { Pooling = false }))
        {
            var run = await NewRunAsync(owner: dead, store: abandoned);
            await abandoned.TransitionAsync(run.Id, RunState.Running);
            runId = run.Id;
        }

        await using var next = await RunStore.OpenAsync(StateDirectory, new StoreOptions { Pooling = false });
        var read = await next.GetRunAsync(runId);
        Assert.Multiple(() =>
        {
            Assert.That(read.State, Is.EqualTo(RunState.Running));
            Assert.That(read.IsOrphaned, Is.True);
            Assert.That(read.Owner.ProcessId, Is.EqualTo(dead.ProcessId));
        });
        Assert.That((await next.ListRunsAsync()).Single().IsOrphaned, Is.True);

        // Reading did not change anything.
        Assert.That((await next.GetRunAsync(runId)).Transitions, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Marking_ends_orphans_in_error_and_leaves_the_rest()
    {
        var dead = DeadProcess.Owner();
        var orphan = await NewRunAsync(owner: dead);
        await Store.TransitionAsync(orphan.Id, RunState.Running);
        var live = await NewRunAsync();
        var elsewhere = await NewRunAsync(owner: dead with { HostName = "another-host" });
        var finished = await NewRunAsync(owner: dead);
        await Store.TransitionAsync(finished.Id, RunState.Error, "failed normally");

        var marked = await Store.MarkOrphanedAsync();

        Assert.That(marked, Is.EqualTo(new[] { orphan.Id }));
        var ended = await Store.GetRunAsync(orphan.Id);
        var message = $"the process running it ended without finishing (pid {dead.ProcessId})";
        Assert.Multiple(() =>
        {
            Assert.That(ended.State, Is.EqualTo(RunState.Error));
            Assert.That(ended.IsOrphaned, Is.False);
            Assert.That(ended.Error, Is.EqualTo(new RunError("OrphanedRun", message, "orphaned")));
            Assert.That(ended.Transitions[^1].Message, Is.EqualTo(message));
        });
        Assert.That((await Store.GetRunAsync(live.Id)).State, Is.EqualTo(RunState.Created));
        Assert.That((await Store.GetRunAsync(elsewhere.Id)).IsOrphaned, Is.False, "a process on another host cannot be judged from here");
        Assert.That((await Store.GetRunAsync(finished.Id)).Transitions[^1].Message, Is.EqualTo("failed normally"));
        Assert.That(await Store.MarkOrphanedAsync(), Is.Empty);
    }

    [Test]
    public async Task A_reused_pid_does_not_count_as_the_owner()
    {
        var impostor = RunOwner.Current with { ProcessStartUtc = RunOwner.Current.ProcessStartUtc.AddHours(-1) };
        var run = await NewRunAsync(owner: impostor);

        Assert.That((await Store.GetRunAsync(run.Id)).IsOrphaned, Is.True);
    }

    [Test]
    public async Task A_run_of_a_live_process_is_not_orphaned()
    {
        var run = await NewRunAsync(TaskAction.Serve);
        Assert.That((await Store.GetRunAsync(run.Id)).IsOrphaned, Is.False);
        Assert.That(await Store.MarkOrphanedAsync(), Is.Empty);
    }

    [Test]
    public async Task Handing_a_run_to_a_live_process_rescues_it()
    {
        var run = await NewRunAsync(owner: DeadProcess.Owner());
        Assert.That((await Store.GetRunAsync(run.Id)).IsOrphaned, Is.True);

        await Store.SetOwnerAsync(run.Id, RunOwner.Current);

        Assert.That((await Store.GetRunAsync(run.Id)).IsOrphaned, Is.False);
        Assert.That(await Store.MarkOrphanedAsync(), Is.Empty);
    }
}
