using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

public sealed class RunLookupTests : StoreTestBase
{
    private readonly Queue<string> _ids = new();

    [Test]
    public async Task A_run_is_found_by_id_unique_prefix_or_key()
    {
        var run = await NewRunAsync();

        Assert.That((await Store.GetRunAsync(run.Id)).Id, Is.EqualTo(run.Id));
        Assert.That((await Store.GetRunAsync(run.Id[..6])).Id, Is.EqualTo(run.Id));
        Assert.That((await Store.GetRunAsync(run.Key.ToString())).Id, Is.EqualTo(run.Id));
        Assert.That((await Store.GetRunAsync($"  {run.Id[..8]}  ")).Id, Is.EqualTo(run.Id));
    }

    [Test]
    public async Task An_ambiguous_prefix_lists_the_candidates()
    {
        _ids.Enqueue("abcd0000000040008000000000000001"); // function version
        _ids.Enqueue("abcd1111111141118111111111111111");
        _ids.Enqueue("abcd2222222242228222222222222222");
        var first = await NewRunAsync();
        var second = await NewRunAsync();

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.GetRunAsync("abcd"))!;
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(error.Message, Does.Contain("'abcd' matches more than one run; pass more digits").And.Contain(first.Id).And.Contain(second.Id));
        Assert.That((await Store.GetRunAsync("abcd1")).Id, Is.EqualTo(first.Id));
    }

    [TestCase("ffff", "no run id starts with 'ffff'")]
    [TestCase("abc", "'abc' is not a run id")]
    [TestCase("ABCD1234", "'ABCD1234' is not a run id")]
    [TestCase("abcd-123", "'abcd-123' is not a run id")]
    [TestCase("", "'' is not a run id")]
    [TestCase("store://demo/run/hello:nothex", "is not a valid entity key")]
    [TestCase("store://demo/artifact/hello:0123456789abcdef0123456789abcdef", "is a key of kind 'artifact', not a run key")]
    public async Task A_missing_or_malformed_id_is_a_clear_error(string asked, string expected)
    {
        await NewRunAsync();
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.GetRunAsync(asked))!;
        Assert.That(error.Message, Does.Contain(expected));
    }

    [Test]
    public async Task A_key_with_the_right_id_but_another_function_names_nothing()
    {
        var run = await NewRunAsync();
        var wrong = new EntityKey(Project, EntityKind.Run, "other", run.Id).ToString();

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.GetRunAsync(wrong))!;
        Assert.That(error.Message, Does.Contain($"'{wrong}' names no run"));
    }

    [Test]
    public async Task Listing_is_newest_first_and_filters_by_project()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync(TaskAction.Serve);
        var elsewhereFunction = await Store.RecordFunctionAsync("elsewhere", "hello", HelloSpec);
        var third = await Store.CreateRunAsync("elsewhere", "hello", elsewhereFunction.Id, TaskAction.Build, RunExecutor.Kubernetes, "{}");
        await Store.TransitionAsync(first.Id, RunState.Running);

        var all = await Store.ListRunsAsync();
        Assert.That(all.Select(r => r.Id), Is.EqualTo(new[] { third.Id, second.Id, first.Id }));
        Assert.That(all[0].Action, Is.EqualTo(TaskAction.Build));
        Assert.That(all[0].Executor, Is.EqualTo(RunExecutor.Kubernetes));
        Assert.That(all[0].Key.Project, Is.EqualTo("elsewhere"));
        Assert.That(all[2].State, Is.EqualTo(RunState.Running));
        Assert.That(all[2].FunctionName, Is.EqualTo("hello"));
        Assert.That(all[2].UpdatedUtc, Is.GreaterThanOrEqualTo(all[2].CreatedUtc));
        Assert.That(all.Any(r => r.IsOrphaned), Is.False);

        Assert.That((await Store.ListRunsAsync(Project)).Select(r => r.Id), Is.EqualTo(new[] { second.Id, first.Id }));
        Assert.That((await Store.ListRunsAsync(limit: 1)).Single().Id, Is.EqualTo(third.Id));
        Assert.That(await Store.ListRunsAsync("nobody"), Is.Empty);
        Assert.That(() => Store.ListRunsAsync(limit: 0), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("'0' is not a valid number"));
    }

    protected override StoreOptions Options() => StoreOptions.Default with { IdGenerator = NextId };

    private string NextId() => _ids.Count > 0 ? _ids.Dequeue() : Guid.NewGuid().ToString("N");
}
