using PythonRuntime.Diagnostics;
using PythonRuntime.Kubernetes;
using PythonRuntime.Tests.Kubernetes.TestDouble;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>Serve deployments against the API test double: rollout rule, URL by Service type, diagnoses, requests.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed class KubernetesServeRunnerTests
{
    [Test]
    public async Task A_nodeport_service_is_reached_on_a_node_address_and_its_node_port(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Services = new ServiceBehaviour { NodePort = 31234 };
        bed.Api.Nodes =
        [
            KubernetesApiTestDouble.Node("b-node", ("InternalIP", "10.0.0.2")),
            KubernetesApiTestDouble.Node("a-node", ("InternalIP", "10.0.0.1"), ("ExternalIP", "203.0.113.7")),
        ];

        var deployed = await bed.ServeRunner().DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("NodePort"), cancellationToken);

        Assert.That(deployed.Url, Is.EqualTo("http://203.0.113.7:31234"), "an ExternalIP wins over InternalIPs");
        Assert.That(deployed.Changed, Is.True);
        Assert.That(deployed.Message, Does.Contain("successfully rolled out"));
        Assert.That(bed.Api.Store.Get("deployments", "demo", "api")!["status"]!["availableReplicas"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [TestCase("ClusterIP", "http://api.demo.svc.cluster.local:80")]
    [TestCase("LoadBalancer", "http://127.0.0.1:80")]
    public async Task The_url_follows_the_service_type(string type, string url)
    {
        await using var bed = KubernetesTestBed.Start();

        var deployed = await bed.ServeRunner().DeployAsync(ServeObjects.Deployment(), ServeObjects.Service(type), CancellationToken.None);

        Assert.That(deployed.Url, Is.EqualTo(url));
    }

    [Test]
    public async Task A_load_balancer_without_an_ingress_address_times_out_with_a_hint(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Services = new ServiceBehaviour { LoadBalancerIngress = null };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.ServeRunner(TimeSpan.FromMilliseconds(800)).DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("LoadBalancer"), cancellationToken));

        Assert.That(error!.Message, Does.Contain("no LoadBalancer ingress address within 0.8 s").And.Contain("load-balancer controller"));
    }

    [Test]
    public async Task Applying_the_same_objects_again_reports_unchanged_and_needs_no_watch(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        var runner = bed.ServeRunner();
        var first = await runner.DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("NodePort"), cancellationToken);
        var before = bed.Api.Requests.Count;

        var second = await runner.DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("NodePort"), cancellationToken);

        var requests = bed.Api.Requests.Skip(before).ToList();
        Assert.That(first.Changed, Is.True);
        Assert.That(second.Changed, Is.False);
        Assert.That(second.Generation, Is.EqualTo(first.Generation));
        Assert.That(requests.Where(r => r.IsWatch && r.Path.EndsWith("/deployments", StringComparison.Ordinal)), Is.Empty, "the listed Deployment is already rolled out");

        var changed = ServeObjects.Deployment(replicas: 3);
        var third = await runner.DeployAsync(changed, ServeObjects.Service("NodePort"), cancellationToken);
        Assert.That(third.Changed, Is.True);
        Assert.That(third.Generation, Is.EqualTo(first.Generation + 1));
    }

    [Test]
    public async Task A_rollout_past_its_progress_deadline_fails_with_the_diagnosis(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Deployments = new DeploymentBehaviour { NeverAvailable = true };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.ServeRunner().DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("ClusterIP"), cancellationToken));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.RunFailed));
        Assert.That(error.Message, Does.Contain("exceeded its progress deadline").And.Contain("has timed out progressing"));
    }

    [Test]
    public async Task A_pod_security_rejection_of_the_replicas_is_named(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Deployments = new DeploymentBehaviour { ReplicaFailure = "pods \"api-7d4b9c-abcde\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false" };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.ServeRunner().DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("ClusterIP"), cancellationToken));

        Assert.That(error!.Message, Does.StartWith("Pod Security admission refuses the pods of Deployment 'api'").And.Contain("allowPrivilegeEscalation"));
    }

    [Test]
    public async Task A_pod_that_cannot_pull_its_image_fails_the_rollout_at_once(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Deployments = new DeploymentBehaviour { NeverAvailable = true, ProgressDeadlineAfter = TimeSpan.FromMinutes(5), PodWaitingReason = "ImagePullBackOff" };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.ServeRunner().DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("ClusterIP"), cancellationToken));

        Assert.That(error!.Message, Does.Contain($"cannot pull image '{ServeObjects.Image}'").And.Contain("imagePullSecrets"));
    }

    [Test]
    public async Task An_unschedulable_pod_is_named_when_the_ready_timeout_passes(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Deployments = new DeploymentBehaviour { NeverAvailable = true, ProgressDeadlineAfter = TimeSpan.FromMinutes(5), PodUnschedulable = true };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.ServeRunner(TimeSpan.FromMilliseconds(600)).DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("ClusterIP"), cancellationToken));

        Assert.That(error!.Message, Does.Contain("was not ready within 0.6 s").And.Contain("cannot be scheduled").And.Contain("Insufficient cpu").And.Contain("--ready-timeout"));
    }

    [Test]
    public async Task Serve_sends_server_side_applies_with_the_field_manager_and_strict_validation(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();

        await bed.ServeRunner().DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("NodePort"), cancellationToken);

        var requests = bed.Api.Requests;
        var applies = requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(applies.Select(r => r.Path), Is.EqualTo(new[] { "/apis/apps/v1/namespaces/demo/deployments/api", "/api/v1/namespaces/demo/services/api" }));
            Assert.That(applies.Select(r => r.ContentType), Is.All.StartWith("application/apply-patch+yaml"));
            Assert.That(applies.Select(r => r.Query["fieldManager"]), Is.All.EqualTo("pythonruntime"));
            Assert.That(applies.Select(r => r.Query["fieldValidation"]), Is.All.EqualTo("Strict"));
            Assert.That(applies.Select(r => r.Query["force"]), Is.All.Null);
            Assert.That(requests.Where(r => r.Method is not ("GET" or "PATCH")), Is.Empty, "no creates or deletes");
            var watch = requests.Single(r => r.IsWatch && r.Path.EndsWith("/deployments", StringComparison.Ordinal));
            Assert.That(watch.Query["fieldSelector"], Is.EqualTo("metadata.name=api"));
            Assert.That(watch.Query["resourceVersion"], Is.Not.Null.And.Not.Empty);
            Assert.That(requests.Where(r => r.Path.EndsWith("/pods", StringComparison.Ordinal)).Select(r => r.Query["labelSelector"]), Is.All.EqualTo("app.kubernetes.io/component=serve,app.kubernetes.io/instance=api,app.kubernetes.io/name=api"));
            Assert.That(requests.Count(r => r.Path == "/api/v1/nodes"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Rate_limits_and_server_errors_on_the_serve_routes_are_retried(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Respond(r => r.Method == "PATCH" && r.Path.EndsWith("/deployments/api", StringComparison.Ordinal), 429, "TooManyRequests", retryAfter: "0");
        bed.Api.Respond(r => r.Method == "GET" && r.Path.EndsWith("/deployments", StringComparison.Ordinal) && !r.IsWatch, 500, "InternalError", times: 2);
        bed.Api.Respond(r => r.Path == "/api/v1/nodes", 503, "ServiceUnavailable");

        var deployed = await bed.ServeRunner().DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("NodePort"), cancellationToken);

        Assert.That(deployed.Url, Is.EqualTo("http://127.0.0.1:30080"));
        Assert.That(bed.Api.Requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/deployments/api", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task An_ownership_conflict_on_the_service_suggests_force_conflicts(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Respond(r => r.Method == "PATCH" && r.Path.EndsWith("/services/api", StringComparison.Ordinal), 409, "Conflict");

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.ServeRunner().DeployAsync(ServeObjects.Deployment(), ServeObjects.Service("ClusterIP"), cancellationToken));

        Assert.That(error!.Message, Does.Contain("Service 'demo/api'").And.Contain("--force-conflicts"));
        Assert.That(bed.Api.Requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/services/api", StringComparison.Ordinal)), Is.EqualTo(1), "a conflict is not retried");
    }

    [Test]
    public async Task Delete_by_labels_lists_each_kind_and_deletes_only_what_matches(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        var runner = bed.ServeRunner();
        await runner.DeployAsync(ServeObjects.Deployment("api"), ServeObjects.Service("ClusterIP", "api"), cancellationToken);
        await runner.DeployAsync(ServeObjects.Deployment("other"), ServeObjects.Service("ClusterIP", "other"), cancellationToken);
        bed.Api.Respond(r => r.Method == "DELETE" && r.Path.EndsWith("/services/api", StringComparison.Ordinal), 500, "InternalError");

        var deleted = await new KubernetesDeleter(bed.Connection, bed.RealRetry).DeleteServeAsync("app.kubernetes.io/name=api", cancellationToken);

        Assert.That(deleted, Is.EqualTo(new[] { "Deployment/api", "Service/api" }));
        Assert.That(bed.Api.Store.Get("deployments", "demo", "api"), Is.Null);
        Assert.That(bed.Api.Store.Get("services", "demo", "api"), Is.Null);
        Assert.That(bed.Api.Store.Get("deployments", "demo", "other"), Is.Not.Null);
        var deletes = bed.Api.Requests.Where(r => r.Method == "DELETE").ToList();
        Assert.That(deletes.Single(r => r.Path.EndsWith("/deployments/api", StringComparison.Ordinal)).Query["propagationPolicy"], Is.EqualTo("Background"));
        Assert.That(bed.Api.Requests.Where(r => r.Method == "GET" && !r.IsWatch && (r.Path.EndsWith("/deployments", StringComparison.Ordinal) || r.Path.EndsWith("/services", StringComparison.Ordinal))).Select(r => r.Query["labelSelector"]).Last(), Is.EqualTo("app.kubernetes.io/name=api"));
    }
}
