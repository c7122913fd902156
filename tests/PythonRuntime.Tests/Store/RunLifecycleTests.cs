using System.Text.Json;
using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

public sealed class RunLifecycleTests : StoreTestBase
{
    [Test]
    public async Task A_new_run_is_created_with_its_key_spec_owner_and_first_transition()
    {
        var function = await RecordHelloAsync();
        var run = await Store.CreateRunAsync(Project, "hello", function.Id, TaskAction.Job, RunExecutor.Docker, """{"parameters":{"x":1}}""");

        Assert.Multiple(() =>
        {
            Assert.That(Uuid4.Is(run.Id), Is.True, run.Id);
            Assert.That(run.Key.ToString(), Is.EqualTo($"store://demo/run/hello:{run.Id}"));
            Assert.That(run.FunctionId, Is.EqualTo(function.Id));
            Assert.That(run.Action, Is.EqualTo(TaskAction.Job));
            Assert.That(run.Executor, Is.EqualTo(RunExecutor.Docker));
            Assert.That(run.State, Is.EqualTo(RunState.Created));
            Assert.That(run.SpecJson, Is.EqualTo("""{"parameters":{"x":1}}"""));
            Assert.That(run.Owner, Is.EqualTo(RunOwner.Current));
            Assert.That(run.IsOrphaned, Is.False);
            Assert.That(run.IsFinal, Is.False);
            Assert.That(run.Transitions.Select(t => t.State), Is.EqualTo(new[] { RunState.Created }));
            Assert.That(run.Results, Is.Empty);
            Assert.That(run.Outputs, Is.Empty);
            Assert.That(run.Error, Is.Null);
            Assert.That(run.Service, Is.Null);
        });
    }

    [Test]
    public async Task A_job_walks_through_its_states_and_completes_with_results_and_outputs()
    {
        var run = await NewRunAsync();
        await Store.TransitionAsync(run.Id, RunState.Built, "image built");
        await Store.TransitionAsync(run.Id, RunState.Ready);
        var running = await Store.TransitionAsync(run.Id, RunState.Running, "started pid 42");
        var artifact = await AddFileArtifactAsync(run.Id);

        var results = new Dictionary<string, JsonElement> { ["count"] = Json("3"), ["greeting"] = Json("\"hi\""), ["nothing"] = Json("null") };
        var outputs = new Dictionary<string, string> { ["output_0"] = artifact.Key.ToString() };
        var done = await Store.CompleteAsync(run.Id, RunState.Completed, results, outputs, error: null);

        Assert.Multiple(() =>
        {
            Assert.That(running.State, Is.EqualTo(RunState.Running));
            Assert.That(running.Message, Is.EqualTo("started pid 42"));
            Assert.That(done.State, Is.EqualTo(RunState.Completed));
            Assert.That(done.IsFinal, Is.True);
            Assert.That(done.Transitions.Select(t => t.State), Is.EqualTo(new[] { RunState.Created, RunState.Built, RunState.Ready, RunState.Running, RunState.Completed }));
            Assert.That(done.Transitions[1].Message, Is.EqualTo("image built"));
            Assert.That(done.Transitions.Select(t => t.AtUtc), Is.Ordered);
            Assert.That(done.Results["count"].GetInt32(), Is.EqualTo(3));
            Assert.That(done.Results["greeting"].GetString(), Is.EqualTo("hi"));
            Assert.That(done.Results["nothing"].ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(done.Outputs, Is.EqualTo(outputs));
            Assert.That(done.UpdatedUtc, Is.GreaterThanOrEqualTo(done.CreatedUtc));
        });

        var read = await Store.GetRunAsync(run.Id);
        Assert.That(read.Results.Keys, Is.EquivalentTo(results.Keys));
        Assert.That(read.Outputs, Is.EqualTo(outputs));
        Assert.That(read.Transitions, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task A_failed_run_keeps_its_error()
    {
        var run = await NewRunAsync();
        await Store.TransitionAsync(run.Id, RunState.Running);
        var error = new RunError("ZeroDivisionError", "division by zero", "handler");

        var done = await Store.CompleteAsync(run.Id, RunState.Error, NoResults, NoOutputs, error);

        Assert.That(done.State, Is.EqualTo(RunState.Error));
        Assert.That(done.Error, Is.EqualTo(error));
        Assert.That(done.Transitions[^1].Message, Is.EqualTo("division by zero"));
        Assert.That((await Store.GetRunAsync(run.Id)).Error, Is.EqualTo(error));
    }

    [Test]
    public async Task A_final_state_cannot_be_left()
    {
        var run = await NewRunAsync();
        await Store.TransitionAsync(run.Id, RunState.Running);
        await Store.CompleteAsync(run.Id, RunState.Completed, NoResults, NoOutputs, null);

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.TransitionAsync(run.Id, RunState.Running))!;
        Assert.That(error.Message, Does.Contain($"run '{run.Id}' cannot go from COMPLETED to RUNNING").And.Contain("start a new run"));
        Assert.That(() => Store.CompleteAsync(run.Id, RunState.Error, NoResults, NoOutputs, new RunError("X", "late", "handler")), Throws.TypeOf<PythonRuntimeException>());
        Assert.That((await Store.GetRunAsync(run.Id)).Transitions, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Going_back_or_standing_still_is_refused()
    {
        var run = await NewRunAsync();
        await Store.TransitionAsync(run.Id, RunState.Running);

        Assert.That(() => Store.TransitionAsync(run.Id, RunState.Built), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("only move forward"));
        Assert.That(() => Store.TransitionAsync(run.Id, RunState.Running), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("already RUNNING"));
        Assert.That((await Store.GetRunAsync(run.Id)).State, Is.EqualTo(RunState.Running));
    }

    [Test]
    public async Task Completing_needs_a_final_state_and_no_error_when_completed()
    {
        var run = await NewRunAsync();
        await Store.TransitionAsync(run.Id, RunState.Running);

        Assert.That(() => Store.CompleteAsync(run.Id, RunState.Ready, NoResults, NoOutputs, null), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("pass COMPLETED, ERROR or STOPPED"));
        Assert.That(() => Store.CompleteAsync(run.Id, RunState.Completed, NoResults, NoOutputs, new RunError("E", "m", "c")), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("pass ERROR"));
        Assert.That(() => Store.CompleteAsync(run.Id, RunState.Error, NoResults, NoOutputs, new RunError("", "m", "")), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("needs a type and a category"));
    }

    [Test]
    public async Task Completion_is_all_or_nothing()
    {
        var run = await NewRunAsync();
        await Store.TransitionAsync(run.Id, RunState.Running);
        var missing = new EntityKey(Project, EntityKind.Artifact, "output_1", "0123456789abcdef0123456789abcdef").ToString();
        var results = new Dictionary<string, JsonElement> { ["x"] = Json("1") };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() =>
            Store.CompleteAsync(run.Id, RunState.Completed, results, new Dictionary<string, string> { ["output_1"] = missing }, null))!;
        Assert.That(error.Message, Does.Contain($"output 'output_1' of run '{run.Id}' is '{missing}'").And.Contain("no such artifact"));

        var after = await Store.GetRunAsync(run.Id);
        Assert.That(after.State, Is.EqualTo(RunState.Running));
        Assert.That(after.Results, Is.Empty);

        // The same run can still complete properly afterwards.
        var done = await Store.CompleteAsync(run.Id, RunState.Completed, results, NoOutputs, null);
        Assert.That(done.Results, Has.Count.EqualTo(1));
    }

    [TestCase("not-a-key")]
    [TestCase("store://demo/artifact/output_0:XYZ")]
    public async Task An_output_that_is_not_an_entity_key_is_refused(string key)
    {
        var run = await NewRunAsync();
        await Store.TransitionAsync(run.Id, RunState.Running);

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() =>
            Store.CompleteAsync(run.Id, RunState.Completed, NoResults, new Dictionary<string, string> { ["output_0"] = key }, null))!;
        Assert.That(error.Message, Does.Contain($"output 'output_0' of run '{run.Id}' is '{key}', which is not an entity key"));
    }

    [Test]
    public async Task A_serve_run_records_its_service_and_ends_stopped()
    {
        var run = await NewRunAsync(TaskAction.Serve);
        await Store.TransitionAsync(run.Id, RunState.Ready);
        var service = new ServiceInfo("http://127.0.0.1:8080/", "http://127.0.0.1:8081/healthz", 1234, "container-abc");
        await Store.SetServiceAsync(run.Id, service);
        await Store.TransitionAsync(run.Id, RunState.Running);

        Assert.That((await Store.GetRunAsync(run.Id)).Service, Is.EqualTo(service));
        Assert.That(() => Store.CompleteAsync(run.Id, RunState.Completed, NoResults, NoOutputs, null), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("ends STOPPED"));

        var stopped = await Store.CompleteAsync(run.Id, RunState.Stopped, NoResults, NoOutputs, null);
        Assert.That(stopped.State, Is.EqualTo(RunState.Stopped));
        Assert.That(stopped.Service, Is.EqualTo(service));
        Assert.That(() => Store.SetServiceAsync(run.Id, service), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("already STOPPED"));
    }

    [Test]
    public async Task Service_info_belongs_to_serve_runs_with_absolute_urls()
    {
        var job = await NewRunAsync();
        var serve = await NewRunAsync(TaskAction.Serve);

        Assert.That(() => Store.SetServiceAsync(job.Id, new ServiceInfo("http://127.0.0.1:8080/")), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("only serve runs"));
        Assert.That(() => Store.SetServiceAsync(serve.Id, new ServiceInfo("localhost:8080")), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("must be absolute"));
    }

    [Test]
    public async Task A_run_needs_a_recorded_function_version()
    {
        await RecordHelloAsync();
        const string unknown = "0123456789abcdef0123456789abcdef";

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.CreateRunAsync(Project, "hello", unknown, TaskAction.Job, RunExecutor.Local, "{}"))!;
        Assert.That(error.Message, Does.Contain($"store://demo/function/hello:{unknown}").And.Contain("record the function"));
        Assert.That(() => Store.CreateRunAsync(Project, "hello", "v1", TaskAction.Job, RunExecutor.Local, "{}"), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("'v1' is not a function version id"));
        Assert.That(() => Store.CreateRunAsync(Project, "hello", unknown, TaskAction.Job, RunExecutor.Local, "{oops"), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("run spec is not valid JSON"));
    }

    [Test]
    public void Moving_an_unknown_run_says_so()
    {
        const string unknown = "0123456789abcdef0123456789abcdef";
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.TransitionAsync(unknown, RunState.Running))!;
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(error.Message, Does.Contain($"run '{unknown}' is not in the store"));
        Assert.That(() => Store.TransitionAsync("abc", RunState.Running), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("'abc' is not a run id"));
    }

    [Test]
    public async Task Over_long_messages_are_shortened()
    {
        var run = await NewRunAsync();
        var transition = await Store.TransitionAsync(run.Id, RunState.Error, new string('x', 10_000));
        Assert.That(transition.Message!.Length, Is.EqualTo(4000));
        Assert.That(transition.Message, Does.EndWith("…"));
    }

    [Test]
    public async Task A_run_can_be_handed_to_another_owner()
    {
        var run = await NewRunAsync();
        var other = new RunOwner(4242, DateTimeOffset.UnixEpoch, "other-host");
        await Store.SetOwnerAsync(run.Id, other);
        Assert.That((await Store.GetRunAsync(run.Id)).Owner, Is.EqualTo(other));
    }

    private async Task<ArtifactRecord> AddFileArtifactAsync(string runId)
    {
        var source = Path.Combine(StateDirectory, "result.json");
        await File.WriteAllTextAsync(source, """{"ok":true}""");
        return await Store.AddArtifactAsync(Project, "output_0", runId, source, "json");
    }
}
