using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Tests.Kubernetes.TestDouble;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>A job run with the Kubernetes executor through the run service, against the API test double.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class KubernetesRunTests
{
    private const string Completed = """{"state":"COMPLETED","results":{"words":13},"outputs":["report"],"error":null}""";

    [Test]
    public async Task A_kubernetes_job_run_applies_a_job_named_after_the_run_and_records_its_results(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Completed, "counting\ndone\n");
        using var repo = new TempRepository();
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = new KubernetesOptions { Kubeconfig = bed.Kubeconfig } }, cancellationToken);

        var run = await service.RunAsync(Function(repo), new ProjectSpec { Name = "demo", Namespace = "demo" }, new RunRequest
        {
            Action = TaskAction.Job,
            Executor = RunExecutor.Kubernetes,
            Parameters = Execution.LocalRunFixture.Json(new { text = "a b" }),
        }, cancellationToken);

        Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
        Assert.That(run.Results["words"].GetInt32(), Is.EqualTo(13));
        var apply = bed.Api.Requests.First(r => r.Method == "PATCH");
        Assert.That(apply.Path, Is.EqualTo($"/apis/batch/v1/namespaces/demo/jobs/words-{run.Id[..8]}"));
        Assert.That(apply.Body, Does.Contain("PYTHONRUNTIME_SPEC").And.Contain("text"), "the run's parameters reach the pod spec");
        Assert.That(File.ReadAllText(service.Store.LogPath(run.Id)), Does.Contain("done"));
    }

    [Test]
    public async Task A_failed_kubernetes_job_ends_the_run_in_error_with_the_diagnosis(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.FailsWith(JobEnding.ImagePullBackOff, null, string.Empty);
        using var repo = new TempRepository();
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = new KubernetesOptions { Kubeconfig = bed.Kubeconfig } }, cancellationToken);

        var run = await service.RunAsync(Function(repo), new ProjectSpec { Name = "demo", Namespace = "demo" }, new RunRequest { Action = TaskAction.Job, Executor = RunExecutor.Kubernetes }, cancellationToken);

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Message, Does.Contain("image"));
    }

    [Test]
    public async Task Inputs_are_refused_for_kubernetes_before_a_run_is_created(CancellationToken cancellationToken)
    {
        using var repo = new TempRepository();
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root), cancellationToken);

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => service.RunAsync(Function(repo), new ProjectSpec { Name = "demo" }, new RunRequest
        {
            Action = TaskAction.Job,
            Executor = RunExecutor.Kubernetes,
            Inputs = new Dictionary<string, string> { ["data"] = "store://demo/artifact/data:latest" },
        }, cancellationToken));

        Assert.That(error!.Message, Does.Contain("cannot be delivered to a Kubernetes pod"));
        Assert.That(await service.ListAsync(cancellationToken: cancellationToken), Is.Empty);
    }

    private static FunctionDefinition Function(TempRepository repo)
    {
        var folder = Path.Combine(repo.Root, "functions", "words");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main.py"), "def handler(text):\n    return len(text.split())\n");
        return new FunctionDefinition(new FunctionSpec { Name = "words", PythonVersion = PythonVersion.Python3_11, CodeSrc = "main.py", Handler = "main:handler", Image = "127.0.0.1:5000/demo-words:v1" }, folder, null);
    }
}
