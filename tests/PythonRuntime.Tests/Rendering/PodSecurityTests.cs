using k8s;
using k8s.Models;
using NUnit.Framework;
using PythonRuntime.Rendering.Verification;

namespace PythonRuntime.Tests.Rendering;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PodSecurityTests
{
    private static IEnumerable<string> ScenarioNames => Scenarios.Names;

    [TestCaseSource(nameof(ScenarioNames))]
    public async Task Every_function_pod_passes_the_restricted_profile(string scenario)
    {
        using var fixture = Scenarios.Create(scenario);
        var function = (await fixture.RenderAsync()).Functions.Single();

        RestrictedProfileAssert.Holds(function.ReadJob().Spec.Template.Spec, $"{scenario} Job");
        RestrictedProfileAssert.Holds(function.ReadDeployment().Spec.Template.Spec, $"{scenario} Deployment");
        Assert.That(PodSecurityProfile.RestrictedViolations(function.ReadJob().Spec.Template.Spec), Is.Empty);
        Assert.That(PodSecurityProfile.RestrictedViolations(function.ReadDeployment().Spec.Template.Spec), Is.Empty);
    }

    [Test]
    public async Task Every_example_function_pod_passes_the_restricted_profile()
    {
        foreach (var function in (await Examples.RenderAsync()).Functions)
        {
            RestrictedProfileAssert.Holds(function.ReadJob().Spec.Template.Spec, $"{function.Name} Job");
            RestrictedProfileAssert.Holds(function.ReadDeployment().Spec.Template.Spec, $"{function.Name} Deployment");
        }
    }

    [TestCaseSource(nameof(ScenarioNames))]
    public async Task The_served_function_has_distinct_probes_on_an_exposed_port_and_a_matching_service(string scenario)
    {
        using var fixture = Scenarios.Create(scenario);
        var function = (await fixture.RenderAsync()).Functions.Single();
        var deployment = function.ReadDeployment();
        var container = deployment.Spec.Template.Spec.Containers.Single();

        Assert.Multiple(() =>
        {
            Assert.That(container.ReadinessProbe.HttpGet.Path, Is.EqualTo("/readyz"));
            Assert.That(container.LivenessProbe.HttpGet.Path, Is.EqualTo("/healthz"));
            Assert.That(container.Ports.Select(p => p.Name), Does.Contain(container.ReadinessProbe.HttpGet.Port.Value));
            Assert.That(container.Ports.Single(p => p.Name == "http").ContainerPort, Is.EqualTo(8080));
            Assert.That(container.Ports.Single(p => p.Name == "health").ContainerPort, Is.EqualTo(8081));
            Assert.That(deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value, Is.EqualTo("0"));
            Assert.That(deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value, Is.EqualTo("1"));
            Assert.That(function.ReadService().Spec.Selector, Is.EqualTo(deployment.Spec.Selector.MatchLabels));
            Assert.That(deployment.Spec.Template.Metadata.Labels, Is.SupersetOf(deployment.Spec.Selector.MatchLabels));
            Assert.That(function.ReadService().Spec.Ports.Single().TargetPort.Value, Is.EqualTo("http"));
            Assert.That(deployment.Spec.Selector.MatchLabels.Keys, Does.Not.Contain("app.kubernetes.io/version"), "a selector must not hold a label that changes");
        });
    }

    [Test]
    public async Task The_build_job_is_the_only_root_pod_and_still_gets_no_token_no_escalation_and_no_host_access()
    {
        using var fixture = Scenarios.Create("hello");
        var function = (await fixture.RenderAsync()).Functions.Single();
        var pod = function.ReadBuildJob().Spec.Template.Spec;
        var context = pod.Containers.Single().SecurityContext;

        Assert.Multiple(() =>
        {
            Assert.That(PodSecurityProfile.RestrictedViolations(pod), Is.Not.Empty, "Kaniko needs root: the build pod is the documented exception");
            Assert.That(pod.AutomountServiceAccountToken, Is.False);
            Assert.That(context.AllowPrivilegeEscalation, Is.False);
            Assert.That(context.Privileged, Is.False);
            Assert.That(pod.HostNetwork ?? false, Is.False);
            Assert.That(pod.Volumes.Select(v => v.HostPath), Is.All.Null);
            Assert.That(pod.Volumes.Single(v => v.Secret is not null).Secret.SecretName, Is.EqualTo("pythonruntime-registry"));
            Assert.That(pod.Volumes.Single(v => v.ConfigMap is not null).ConfigMap.Name, Is.EqualTo("hello-build-context"));
            Assert.That(pod.Containers.Single().Args, Does.Contain("--digest-file=/dev/termination-log"));
        });
    }

    private static IEnumerable<TestCaseData> Weakenings()
    {
        yield return Case("a privileged container", pod => pod.Containers[0].SecurityContext.Privileged = true, "privileged");
        yield return Case("privilege escalation left unset", pod => pod.Containers[0].SecurityContext.AllowPrivilegeEscalation = null, "allowPrivilegeEscalation");
        yield return Case("root user", pod => pod.Containers[0].SecurityContext.RunAsUser = 0, "user 0");
        yield return Case("runAsNonRoot false", pod => pod.Containers[0].SecurityContext.RunAsNonRoot = false, "runAsNonRoot");
        yield return Case("no runAsNonRoot anywhere", pod =>
        {
            pod.SecurityContext.RunAsNonRoot = null;
            pod.Containers[0].SecurityContext.RunAsNonRoot = null;
        }, "runAsNonRoot");
        yield return Case("unconfined seccomp", pod => pod.SecurityContext.SeccompProfile.Type = "Unconfined", "Unconfined");
        yield return Case("capabilities kept", pod => pod.Containers[0].SecurityContext.Capabilities.Drop = [], "drop ALL");
        yield return Case("an added capability", pod => pod.Containers[0].SecurityContext.Capabilities.Add = ["SYS_ADMIN"], "capabilities");
        yield return Case("a hostPath volume", pod => pod.Volumes.Add(new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = "/" } }), "hostPath");
        yield return Case("the host network", pod => pod.HostNetwork = true, "host namespace");
        yield return Case("a host port", pod => pod.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 8080, HostPort = 80 }], "host port");
        yield return Case("an unmasked /proc", pod => pod.Containers[0].SecurityContext.ProcMount = "Unmasked", "procMount");
        yield return Case("an unsafe sysctl", pod => pod.SecurityContext.Sysctls = [new V1Sysctl { Name = "kernel.msgmax", Value = "1" }], "sysctl");
        yield return Case("an SELinux user", pod => pod.SecurityContext.SeLinuxOptions = new V1SELinuxOptions { User = "root" }, "SELinux");
    }

    [TestCaseSource(nameof(Weakenings))]
    public async Task The_restricted_check_catches_a_pod_weakened_by(Action<V1PodSpec> weaken, string expected)
    {
        using var fixture = Scenarios.Create("hello");
        var job = (await fixture.RenderAsync()).Functions.Single().ReadJob();
        var pod = KubernetesJson.Deserialize<V1PodSpec>(KubernetesJson.Serialize(job.Spec.Template.Spec));

        weaken(pod);

        Assert.That(PodSecurityProfile.RestrictedViolations(pod), Has.Some.Contains(expected));
    }

    private static TestCaseData Case(string name, Action<V1PodSpec> weaken, string expected) =>
        new TestCaseData(weaken, expected).SetArgDisplayNames(name);
}
