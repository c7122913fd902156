using System.Text.Json.Nodes;
using PythonRuntime.Store;
using PythonRuntime.Tests.Images;
using PythonRuntime.Tests.Kubernetes.TestDouble;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>
/// <c>./build.sh --target=Release --deploy</c> end to end: a real docker build and push to the local registry, then the
/// build host (a child process) deploys to the Kubernetes API test double over HTTP on 127.0.0.1 through a kubeconfig.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KubernetesReleaseDeployTests
{
    private const string Function = "hello";

    [Test]
    public async Task Release_deploy_applies_the_pushed_digest_waits_for_the_rollout_and_a_rerun_reports_unchanged()
    {
        await using var bed = KubernetesTestBed.Start();

        // Available only a second after the apply: the build host must watch the rollout, not find it done at once.
        bed.Api.Deployments = DeploymentBehaviour.AvailableAfterMs(1000);
        var environment = DockerTestEnvironment.Require();
        var (repo, project, commit) = await CommittedRepositoryAsync(environment);
        using var disposeRepo = repo;
        var arguments = Arguments(environment, repo, bed);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var first = await ChildProcess.BuildShAsync(arguments);
        var firstTime = watch.Elapsed;
        Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardOutput + first.StandardError);
        var afterFirst = bed.Api.Store.Get("deployments", "demo", Function)!;
        var availableAfterFirst = bed.Api.AvailableAt(Function);

        watch.Restart();
        var second = await ChildProcess.BuildShAsync(arguments);
        TestContext.Out.WriteLine($"Release --deploy: first {firstTime.TotalSeconds:F1} s, second (nothing changed) {watch.Elapsed.TotalSeconds:F1} s; API requests {bed.Api.Requests.Count}");
        Print(first.StandardOutput + second.StandardOutput);
        Assert.That(second.ExitCode, Is.EqualTo(0), second.StandardOutput + second.StandardError);
        var afterSecond = bed.Api.Store.Get("deployments", "demo", Function)!;

        await using var store = await RunStore.OpenAsync(Path.Combine(repo.Root, ".pythonruntime"));
        var release = await store.GetReleaseAsync(project, commit);
        Assert.That(release, Has.Count.EqualTo(1));
        var reference = release[0].Reference;
        Assert.That(reference, Does.Match($@"^{environment.Registry}/{project}-{Function}@sha256:[0-9a-f]{{64}}$"));

        Assert.That(first.StandardOutput, Does.Contain("Step 1/"), "the first release built the image");
        Assert.That(Image(afterFirst), Is.EqualTo(reference), "the Deployment references the released image by digest");
        Assert.That(afterFirst["metadata"]!["labels"]!.AsObject().ContainsKey("pythonruntime.io/run-id"), Is.False, "a release belongs to no run");
        Assert.That(availableAfterFirst, Is.Not.Null, "the double made the Deployment available");
        Assert.That(afterFirst["status"]!["availableReplicas"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(first.StandardOutput, Does.Match($@"deployed {Function}\s+changed\s+http://127\.0\.0\.1:30080"));
        Assert.That(bed.Api.Requests.Count(r => r.IsWatch && r.Path.EndsWith("/deployments", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(1), "the rollout was watched: " + string.Join(", ", bed.Api.Requests));
        Assert.That(bed.Api.Requests.Where(r => r.Method == "PATCH").Select(r => r.Path), Has.Some.EndsWith($"/deployments/{Function}").And.Some.EndsWith($"/services/{Function}"));

        Assert.That(second.StandardOutput, Does.Not.Contain("Step 1/"), "no docker build ran");
        Assert.That(second.StandardOutput, Does.Match($@"deployed {Function}\s+unchanged\s+http://127\.0\.0\.1:30080"));
        Assert.That(Image(afterSecond), Is.EqualTo(reference));
        Assert.That(Generation(afterSecond), Is.EqualTo(Generation(afterFirst)), "no new generation");
        Assert.That(afterSecond["metadata"]!["resourceVersion"]!.GetValue<string>(), Is.EqualTo(afterFirst["metadata"]!["resourceVersion"]!.GetValue<string>()));
        Assert.That(bed.Api.AvailableAt(Function), Is.EqualTo(availableAfterFirst), "no second rollout");
    }

    [Test]
    public async Task Release_deploy_whose_rollout_never_becomes_available_exits_with_the_diagnosis_and_no_stack_trace()
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Deployments = new DeploymentBehaviour { NeverAvailable = true };
        var environment = DockerTestEnvironment.Require();
        var (repo, project, commit) = await CommittedRepositoryAsync(environment);
        using var disposeRepo = repo;

        var result = await ChildProcess.BuildShAsync(Arguments(environment, repo, bed));

        var output = result.StandardOutput + result.StandardError;
        Print(output);
        Assert.That(result.ExitCode, Is.EqualTo(4), output);
        Assert.That(output, Does.Contain($"Release --deploy of '{Function}' failed (RolloutFailed)"));
        Assert.That(output, Does.Contain("exceeded its progress deadline"));
        Assert.That(output, Does.Contain($"--target=Undeploy --function={Function}"));
        Assert.That(output, Does.Not.Contain("Exception").And.Not.Match(@"\n\s+at [\w.]+"), "no stack trace");
        await using var store = await RunStore.OpenAsync(Path.Combine(repo.Root, ".pythonruntime"));
        Assert.That(await store.GetReleaseAsync(project, commit), Has.Count.EqualTo(1), "the pushed images are released before the deploy");
    }

    [Test]
    public async Task Release_deploy_whose_rollout_is_never_reported_stops_at_the_ready_timeout()
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Deployments = null;
        var environment = DockerTestEnvironment.Require();
        var (repo, _, _) = await CommittedRepositoryAsync(environment);
        using var disposeRepo = repo;
        string[] arguments = [.. Arguments(environment, repo, bed).Where(a => !a.StartsWith("--ready-timeout=", StringComparison.Ordinal)), "--ready-timeout=2"];

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await ChildProcess.BuildShAsync(arguments);
        var deployTime = watch.Elapsed;

        var output = result.StandardOutput + result.StandardError;
        Print(output);
        Assert.That(result.ExitCode, Is.EqualTo(4), output);
        Assert.That(output, Does.Contain("waiting up to 2 s for the rollout"));
        Assert.That(output, Does.Contain($"Release --deploy of '{Function}' failed (RolloutFailed)").And.Contain("--ready-timeout"));
        Assert.That(output, Does.Not.Contain("Exception"));
        Assert.That(bed.Api.Store.Get("deployments", "demo", Function), Is.Not.Null, "left in place for inspection");
        TestContext.Out.WriteLine($"Release --deploy with --ready-timeout=2 ended after {deployTime.TotalSeconds:F1} s in all (build and push included)");
    }

    [Test]
    public async Task Release_deploy_with_a_bad_ready_timeout_is_a_usage_error_before_anything_is_built()
    {
        await using var bed = KubernetesTestBed.Start();
        using var repo = new TempRepository("name: demo\nregistry: \"127.0.0.1:5000\"\n");
        repo.AddFunction(Function, $"name: {Function}\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\n");
        repo.WriteFile($"functions/{Function}/main.py", "def handler():\n    return 1\n");

        var result = await ChildProcess.BuildShAsync("--target=Release", "--deploy", "--ready-timeout=soon", $"--kubeconfig={bed.Kubeconfig}", $"--working={repo.Root}");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardOutput + result.StandardError);
        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("--ready-timeout='soon'"));
        Assert.That(result.StandardOutput, Does.Not.Contain("Images:"), "nothing was built");
        Assert.That(bed.Api.Requests, Is.Empty);
    }

    private static string[] Arguments(DockerTestEnvironment environment, TempRepository repo, KubernetesTestBed bed) =>
    [
        "--target=Release", "--deploy", $"--base-image={environment.BaseImage}", "--network=host", $"--working={repo.Root}",
        $"--kubeconfig={bed.Kubeconfig}", "--ready-timeout=20",
    ];

    private static async Task<(TempRepository Repo, string Project, string Commit)> CommittedRepositoryAsync(DockerTestEnvironment environment)
    {
        var project = "k" + Guid.NewGuid().ToString("N")[..10];
        var repo = new TempRepository($"name: {project}\nnamespace: demo\nregistry: \"{environment.Registry}\"\n");
        repo.WriteFile($"functions/{Function}/main.py", "def handler(context, event):\n    return {'hello': event['body'].get('name', 'x')}\n");
        repo.AddFunction(Function, $"""
            name: {Function}
            kind: python
            python_version: PYTHON3_11
            code_src: main.py
            handler: main:handler
            tasks:
              serve:
                replicas: 1
                service_type: NodePort

            """);
        await Git(repo.Root, "init", "--quiet");
        await Git(repo.Root, "add", "--all");
        await Git(repo.Root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "first");
        var commit = (await ChildProcess.RunAsync("git", ["-C", repo.Root, "rev-parse", "HEAD"])).StandardOutput.Trim();
        return (repo, project, commit);
    }

    private static void Print(string output)
    {
        foreach (var line in output.Split('\n').Where(l => l.Contains("deploy", StringComparison.OrdinalIgnoreCase) || l.Contains("Release", StringComparison.Ordinal)))
        {
            TestContext.Out.WriteLine(line.TrimEnd());
        }
    }

    private static string Image(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    private static long Generation(JsonObject deployment) => deployment["metadata"]!["generation"]!.GetValue<long>();

    private static async Task Git(string root, params string[] arguments)
    {
        var result = await ChildProcess.RunAsync("git", ["-C", root, .. arguments]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
    }
}
