using System.Text.Json;
using PythonRuntime.Execution;
using PythonRuntime.Execution.Http;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Tests.Kubernetes.TestDouble;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>Serve runs with the kubernetes executor through the run service: run, invoke, stop, undeploy, release deploy.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed class KubernetesServeRunTests
{
    private const string SecretValue = "tok-4f9a-never-in-a-request";

    [Test]
    public async Task A_serve_run_records_the_node_port_url_invoke_reaches_it_and_stop_deletes_by_the_run_label(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        await using var endpoint = TinyHttpServer.Start();
        bed.Api.Services = new ServiceBehaviour { NodePort = endpoint.Port };
        using var repo = new TempRepository();
        var options = new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() };
        string runId;
        await using (var service = await RunService.OpenAsync(options, cancellationToken))
        {
            var run = await service.RunAsync(Greeter(repo), Project, Serve, cancellationToken);
            runId = run.Id;

            Assert.That(run.State, Is.EqualTo(RunState.Running), run.Error?.Message);
            Assert.That(run.Service!.Url, Is.EqualTo($"http://127.0.0.1:{endpoint.Port}"));
            Assert.That(run.Service.Handle, Is.EqualTo("kubernetes:demo/greeter"));
            var deployment = bed.Api.Store.Get("deployments", "demo", "greeter")!;
            Assert.That(deployment["metadata"]!["labels"]!["pythonruntime.io/run-id"]!.GetValue<string>(), Is.EqualTo(run.Id));
            Assert.That(deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject().ContainsKey("pythonruntime.io/run-id"), Is.False, "a new run alone must not roll the pods");
            Assert.That(bed.Api.Store.Get("services", "demo", "greeter")!["metadata"]!["labels"]!["pythonruntime.io/run-id"]!.GetValue<string>(), Is.EqualTo(run.Id));
        }

        // A later command (a new process) still sees the service running and can call it.
        await using (var later = await RunService.OpenAsync(options, cancellationToken))
        {
            var stored = await later.GetAsync(runId, cancellationToken);
            Assert.That(stored.State, Is.EqualTo(RunState.Running));
            Assert.That(stored.IsOrphaned, Is.False, "the service lives in the cluster, not in the process that deployed it");

            var answer = await later.InvokeAsync(runId, new InvokeRequest { Json = JsonSerializer.SerializeToElement(new { name = "cluster" }), Path = "/greet" }, cancellationToken);
            Assert.That(answer.Status, Is.EqualTo(200));
            Assert.That(answer.Json!.Value.GetProperty("greeting").GetString(), Is.EqualTo("Hello, cluster"));
            Assert.That(answer.Json!.Value.GetProperty("path").GetString(), Is.EqualTo("/greet"));

            var stopped = await later.StopAsync(runId, cancellationToken);

            Assert.That(stopped.State, Is.EqualTo(RunState.Stopped));
            Assert.That(stopped.Transitions[^1].Message, Does.Contain("Deployment/greeter").And.Contain("Service/greeter"));
        }

        Assert.That(bed.Api.Store.Get("deployments", "demo", "greeter"), Is.Null);
        Assert.That(bed.Api.Store.Get("services", "demo", "greeter"), Is.Null);
        var lists = bed.Api.Requests.Where(r => r.Method == "GET" && !r.IsWatch && r.Query["labelSelector"] is { } s && s.StartsWith("pythonruntime.io/", StringComparison.Ordinal)).ToList();
        Assert.That(lists.Select(r => r.Path), Is.EqualTo(new[] { "/apis/apps/v1/namespaces/demo/deployments", "/api/v1/namespaces/demo/services" }));
        Assert.That(lists.Select(r => r.Query["labelSelector"]), Is.All.EqualTo($"pythonruntime.io/run-id={runId}"));
        Assert.That(bed.Api.Requests.Where(r => r.Method == "DELETE").Select(r => r.Path), Is.EqualTo(new[] { "/apis/apps/v1/namespaces/demo/deployments/greeter", "/api/v1/namespaces/demo/services/greeter" }));
        Assert.That(bed.Api.Requests.Select(r => r.Path + "?" + r.Query + r.Body), Has.None.Contain(SecretValue), "secrets are references: no value in any request");
        Assert.That(bed.Api.Requests.Where(r => r.Path.Contains("/secrets", StringComparison.Ordinal)), Is.Empty);
        Assert.That(bed.Api.Requests.Single(r => r.Method == "PATCH" && r.Path.EndsWith("/deployments/greeter", StringComparison.Ordinal)).Body, Does.Contain("api-token"), "the Secret is referenced by name");
    }

    [Test]
    public async Task A_rollout_that_never_becomes_available_ends_the_run_in_error_with_the_diagnosis(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Deployments = new DeploymentBehaviour { NeverAvailable = true };
        using var repo = new TempRepository();
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() }, cancellationToken);

        var run = await service.RunAsync(Greeter(repo), Project, Serve, cancellationToken);

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Type, Is.EqualTo("RolloutFailed"));
        Assert.That(run.Error.Message, Does.Contain("exceeded its progress deadline").And.Contain("--target=Undeploy --function=greeter"));
        Assert.That(run.Service, Is.Null);
    }

    [Test]
    public async Task Undeploy_deletes_the_functions_objects_by_labels_and_stops_its_runs(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        using var repo = new TempRepository();
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() }, cancellationToken);
        var function = Greeter(repo);
        var run = await service.RunAsync(function, Project, Serve, cancellationToken);
        Assert.That(run.State, Is.EqualTo(RunState.Running), run.Error?.Message);

        var deleted = await service.UndeployAsync(function, Project, cancellationToken);

        Assert.That(deleted, Is.EqualTo(new[] { "Deployment/greeter", "Service/greeter" }));
        Assert.That((await service.GetAsync(run.Id, cancellationToken)).State, Is.EqualTo(RunState.Stopped));
        Assert.That(
            bed.Api.Requests.Where(r => r.Method == "GET" && !r.IsWatch && r.Query["labelSelector"] is { } s && s.Contains("managed-by", StringComparison.Ordinal)).Select(r => r.Query["labelSelector"]),
            Is.All.EqualTo("app.kubernetes.io/name=greeter,app.kubernetes.io/component=serve,app.kubernetes.io/managed-by=pythonruntime"));
        Assert.That(await service.UndeployAsync(function, Project, cancellationToken), Is.Empty, "a second Undeploy finds nothing");
    }

    [Test]
    public async Task The_release_deployer_applies_the_image_by_digest_and_reports_unchanged_the_second_time(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        using var repo = new TempRepository();
        var deployer = new KubernetesServeDeployer(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() });
        var image = "127.0.0.1:5000/demo-greeter@sha256:" + new string('b', 64);

        var first = await deployer.DeployAsync(Greeter(repo), Project, image, TimeSpan.FromSeconds(10), cancellationToken);
        var second = await deployer.DeployAsync(Greeter(repo), Project, image, TimeSpan.FromSeconds(10), cancellationToken);
        var third = await deployer.DeployAsync(Greeter(repo), Project, image.Replace('b', 'c'), TimeSpan.FromSeconds(10), cancellationToken);

        Assert.That(first.Changed, Is.True);
        Assert.That(second.Changed, Is.False, "same content, same resourceVersion");
        Assert.That(third.Changed, Is.True);
        Assert.That(third.Generation, Is.EqualTo(first.Generation + 1), "a new image changes the pod template");
        var stored = bed.Api.Store.Get("deployments", "demo", "greeter")!;
        Assert.That(stored["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>(), Is.EqualTo(image.Replace('b', 'c')));
        Assert.That(stored["metadata"]!["labels"]!.AsObject().ContainsKey("pythonruntime.io/run-id"), Is.False, "a release belongs to no run");
        Assert.That(first.Url, Is.EqualTo("http://127.0.0.1:30080"));
    }

    internal static ProjectSpec Project { get; } = new() { Name = "demo", Namespace = "demo", Registry = "127.0.0.1:5000" };

    internal static RunRequest Serve { get; } = new() { Action = TaskAction.Serve, Executor = RunExecutor.Kubernetes, ReadyTimeout = TimeSpan.FromSeconds(10) };

    internal static FunctionDefinition Greeter(TempRepository repo)
    {
        var folder = Path.Combine(repo.Root, "functions", "greeter");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main.py"), "def handler(context, event):\n    return {'greeting': 'Hello, ' + event['body']['name']}\n");
        repo.WriteFile(LocalSecrets.FileName, $"api-token:\n  token: {SecretValue}\n");
        return new FunctionDefinition(
            new FunctionSpec
            {
                Name = "greeter",
                PythonVersion = PythonVersion.Python3_11,
                CodeSrc = "main.py",
                Handler = "main:handler",
                Image = "127.0.0.1:5000/demo-greeter:v1",
                Tasks = new FunctionTasks(null, null, new TaskSpec { Secrets = ["api-token"] }),
            },
            folder,
            null);
    }
}
