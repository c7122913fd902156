using k8s.Models;
using NUnit.Framework;

namespace PythonRuntime.Tests.Rendering;

/// <summary>
/// The Pod Security "restricted" checklist and the project's own safety defaults (DESIGN §7), asserted field by
/// field on a typed pod spec. Written independently of the renderer's own checker so the two can catch each other.
/// </summary>
internal static class RestrictedProfileAssert
{
    private static readonly string[] AllowedVolumeKinds = ["configMap", "emptyDir", "persistentVolumeClaim", "secret", "projected", "downwardAPI", "csi", "ephemeral"];

    public static void Holds(V1PodSpec pod, string what)
    {
        Assert.Multiple(() =>
        {
            Assert.That(pod.HostNetwork ?? false, Is.False, $"{what}: hostNetwork");
            Assert.That(pod.HostPID ?? false, Is.False, $"{what}: hostPID");
            Assert.That(pod.HostIPC ?? false, Is.False, $"{what}: hostIPC");
            Assert.That(pod.AutomountServiceAccountToken, Is.False, $"{what}: automountServiceAccountToken");
            Assert.That(pod.SecurityContext?.RunAsNonRoot, Is.True, $"{what}: pod runAsNonRoot");
            Assert.That(pod.SecurityContext?.RunAsUser, Is.EqualTo(10001), $"{what}: pod runAsUser");
            Assert.That(pod.SecurityContext?.RunAsGroup, Is.EqualTo(10001), $"{what}: pod runAsGroup");
            Assert.That(pod.SecurityContext?.FsGroup, Is.EqualTo(10001), $"{what}: pod fsGroup");
            Assert.That(pod.SecurityContext?.SeccompProfile?.Type, Is.EqualTo("RuntimeDefault"), $"{what}: pod seccomp");
            Assert.That(pod.SecurityContext?.Sysctls, Is.Null.Or.Empty, $"{what}: sysctls");
            Assert.That(pod.InitContainers, Is.Null.Or.Empty, $"{what}: init containers");
            Assert.That(pod.Containers, Has.Count.EqualTo(1), $"{what}: containers");
            foreach (var volume in pod.Volumes ?? [])
            {
                Assert.That(VolumeKind(volume), Is.AnyOf(AllowedVolumeKinds), $"{what}: volume '{volume.Name}'");
            }

            foreach (var container in pod.Containers ?? [])
            {
                var context = container.SecurityContext;
                Assert.That(context?.AllowPrivilegeEscalation, Is.False, $"{what}: allowPrivilegeEscalation must be explicitly false");
                Assert.That(context?.Privileged ?? false, Is.False, $"{what}: privileged");
                Assert.That(context?.ReadOnlyRootFilesystem, Is.True, $"{what}: readOnlyRootFilesystem");
                Assert.That(context?.RunAsNonRoot ?? true, Is.True, $"{what}: container runAsNonRoot");
                Assert.That(context?.RunAsUser ?? 10001, Is.GreaterThan(10000), $"{what}: container runAsUser");
                Assert.That(context?.Capabilities?.Drop, Does.Contain("ALL"), $"{what}: capabilities drop ALL");
                Assert.That(context?.Capabilities?.Add, Is.Null.Or.Empty, $"{what}: capabilities add");
                Assert.That(context?.ProcMount, Is.Null.Or.EqualTo("Default"), $"{what}: procMount");
                Assert.That(context?.SeccompProfile?.Type ?? "RuntimeDefault", Is.EqualTo("RuntimeDefault"), $"{what}: container seccomp");
                Assert.That((container.Ports ?? []).Select(p => p.HostPort ?? 0), Is.All.EqualTo(0), $"{what}: hostPort");
                Assert.That(container.Resources?.Requests?.Keys, Is.SupersetOf(new[] { "cpu", "memory", "ephemeral-storage" }), $"{what}: requests");
                Assert.That(container.Resources?.Limits?.Keys, Is.SupersetOf(new[] { "memory", "ephemeral-storage" }), $"{what}: limits");
                Assert.That(container.Image, Does.Contain("@sha256:").Or.Match(@":[A-Za-z0-9_][A-Za-z0-9_.-]*$"), $"{what}: image pinned");
                Assert.That(container.Image, Does.Not.EndWith(":latest"), $"{what}: image tag");
                Assert.That((container.Env ?? []).Where(e => e.ValueFrom is not null), Is.Empty, $"{what}: env from secrets");
                Assert.That((container.Env ?? []).Select(e => e.Name), Is.Unique, $"{what}: duplicate env names");
                var tmp = (container.VolumeMounts ?? []).SingleOrDefault(m => m.MountPath == "/tmp");
                Assert.That(tmp, Is.Not.Null, $"{what}: /tmp mount");
                Assert.That(pod.Volumes?.Single(v => v.Name == tmp?.Name).EmptyDir, Is.Not.Null, $"{what}: /tmp is an emptyDir");
                foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe })
                {
                    Assert.That(probe?.HttpGet?.Host, Is.Null.Or.Empty, $"{what}: probe host");
                }
            }
        });
    }

    private static string VolumeKind(V1Volume volume) =>
        volume.ConfigMap is not null ? "configMap"
        : volume.EmptyDir is not null ? "emptyDir"
        : volume.PersistentVolumeClaim is not null ? "persistentVolumeClaim"
        : volume.Secret is not null ? "secret"
        : volume.Projected is not null ? "projected"
        : volume.DownwardAPI is not null ? "downwardAPI"
        : volume.Csi is not null ? "csi"
        : volume.Ephemeral is not null ? "ephemeral"
        : "forbidden";
}
