using System.Text.Json.Nodes;
using k8s.Models;
using PythonRuntime.Rendering.Model;

namespace PythonRuntime.Rendering.Verification;

/// <summary>
/// Checks each rendered manifest against its model: kind, names, labels, annotations, image, command, every
/// environment variable, resources, volumes, scheduling, and the security settings (Pod Security
/// "restricted" for function pods; the documented root exception, and nothing more, for the build pod).
/// </summary>
internal static class WorkloadVerifier
{
    public static V1Job? Job(ManifestCheck check, string text, ObjectMetaModel meta, JobModel job, PodModel pod, ContainerModel container)
    {
        var parsed = check.Parse<V1Job>(text, "batch/v1", "Job");
        if (parsed is null)
        {
            return null;
        }

        Metadata(check, parsed.Metadata, meta);
        check.Equal("backoffLimit", "backoffLimit", parsed.Spec?.BackoffLimit, job.BackoffLimit);
        check.Equal("activeDeadlineSeconds", "activeDeadlineSeconds", parsed.Spec?.ActiveDeadlineSeconds, job.ActiveDeadlineSeconds);
        check.Equal("ttlSecondsAfterFinished", "ttlSecondsAfterFinished", parsed.Spec?.TtlSecondsAfterFinished, job.TtlSecondsAfterFinished);
        PodTemplate(check, parsed.Spec?.Template, pod);
        var spec = parsed.Spec?.Template?.Spec;
        check.Equal("restartPolicy", "restartPolicy", spec?.RestartPolicy, "Never");
        FunctionPod(check, spec, pod, container);
        return check.Failed ? null : parsed;
    }

    public static V1Deployment? Deployment(ManifestCheck check, string text, ObjectMetaModel meta, DeploymentModel deployment, PodModel pod, ContainerModel container)
    {
        var parsed = check.Parse<V1Deployment>(text, "apps/v1", "Deployment");
        if (parsed is null)
        {
            return null;
        }

        Metadata(check, parsed.Metadata, meta);
        check.Equal("replicas", "replicas", parsed.Spec?.Replicas, deployment.Replicas);
        check.SameMap("matchLabels", "selector", parsed.Spec?.Selector?.MatchLabels, deployment.Selector);
        if (parsed.Spec?.Selector?.MatchExpressions is { Count: > 0 })
        {
            check.Mismatch("selector", "has selector expressions; the selector must be exactly the stable labels");
        }

        check.Contains("labels", "pod label that the selector needs", parsed.Spec?.Template?.Metadata?.Labels, deployment.Selector);
        check.Equal("type", "strategy", parsed.Spec?.Strategy?.Type, "RollingUpdate");
        check.Equal("maxUnavailable", "maxUnavailable", parsed.Spec?.Strategy?.RollingUpdate?.MaxUnavailable?.Value, "0");
        check.Equal("maxSurge", "maxSurge", parsed.Spec?.Strategy?.RollingUpdate?.MaxSurge?.Value, "1");
        PodTemplate(check, parsed.Spec?.Template, pod);
        var spec = parsed.Spec?.Template?.Spec;
        check.Equal("restartPolicy", "restartPolicy", spec?.RestartPolicy ?? "Always", "Always");
        FunctionPod(check, spec, pod, container);
        var actual = spec?.Containers?.FirstOrDefault();
        check.SameList("ports", "ports", actual?.Ports?.Select(p => $"{p.Name}:{p.ContainerPort}/{p.Protocol ?? "TCP"}:{p.HostPort ?? 0}"), container.Ports.Select(p => $"{p.Name}:{p.Port}/TCP:0"));
        Probe(check, "readinessProbe", actual?.ReadinessProbe, container.Readiness);
        Probe(check, "livenessProbe", actual?.LivenessProbe, container.Liveness);
        if (actual?.StartupProbe is not null)
        {
            check.Mismatch("startupProbe", "has a startup probe the model does not have");
        }

        return check.Failed ? null : parsed;
    }

    public static V1Service? Service(ManifestCheck check, string text, ObjectMetaModel meta, ServiceModel service)
    {
        var parsed = check.Parse<V1Service>(text, "v1", "Service");
        if (parsed is null)
        {
            return null;
        }

        Metadata(check, parsed.Metadata, meta);
        check.Equal("type", "type", parsed.Spec?.Type, service.Type);
        check.SameMap("selector", "selector", parsed.Spec?.Selector, service.Selector);
        check.SameList(
            "ports",
            "ports",
            parsed.Spec?.Ports?.Select(p => $"{p.Name}:{p.Port}->{p.TargetPort?.Value}/{p.Protocol ?? "TCP"}"),
            [$"{service.PortName}:{service.Port}->{service.TargetPort}/TCP"]);
        if (parsed.Spec?.ExternalIPs is { Count: > 0 } || parsed.Spec?.ExternalName is not null)
        {
            check.Mismatch("spec", "routes to external IPs or names");
        }

        return check.Failed ? null : parsed;
    }

    public static V1Job? BuildJob(ManifestCheck check, string text, ObjectMetaModel meta, JobModel build, PodModel pod, ContainerModel container)
    {
        var parsed = check.Parse<V1Job>(text, "batch/v1", "Job");
        if (parsed is null)
        {
            return null;
        }

        Metadata(check, parsed.Metadata, meta);
        check.Equal("backoffLimit", "backoffLimit", parsed.Spec?.BackoffLimit, build.BackoffLimit);
        check.Equal("activeDeadlineSeconds", "activeDeadlineSeconds", parsed.Spec?.ActiveDeadlineSeconds, build.ActiveDeadlineSeconds);
        PodTemplate(check, parsed.Spec?.Template, pod);
        var spec = parsed.Spec?.Template?.Spec;
        check.Equal("restartPolicy", "restartPolicy", spec?.RestartPolicy, "Never");
        CommonPod(check, spec, pod, container);

        // The one exception to restricted is root; everything that root does not need stays locked.
        var context = spec?.Containers?.FirstOrDefault()?.SecurityContext;
        check.Equal("allowPrivilegeEscalation", "allowPrivilegeEscalation", context?.AllowPrivilegeEscalation, false);
        check.Equal("privileged", "privileged", context?.Privileged ?? false, false);
        if (context?.Capabilities?.Add is { Count: > 0 })
        {
            check.Mismatch("capabilities", "adds capabilities to the build container");
        }

        if (spec?.HostNetwork == true || spec?.HostPID == true || spec?.HostIPC == true)
        {
            check.Mismatch("spec", "uses a host namespace");
        }

        return check.Failed ? null : parsed;
    }

    private static void Metadata(ManifestCheck check, V1ObjectMeta? actual, ObjectMetaModel expected)
    {
        check.Equal("name", "name", actual?.Name, expected.Name);
        check.Equal("namespace", "namespace", actual?.NamespaceProperty, expected.Namespace);
        check.Contains("labels", "label", actual?.Labels, expected.Labels);
        check.Contains("annotations", "annotation", actual?.Annotations, expected.Annotations);
    }

    private static void PodTemplate(ManifestCheck check, V1PodTemplateSpec? template, PodModel pod)
    {
        check.Contains("labels", "pod label", template?.Metadata?.Labels, pod.Labels);
        check.Contains("annotations", "pod annotation", template?.Metadata?.Annotations, pod.Annotations);
    }

    private static void FunctionPod(ManifestCheck check, V1PodSpec? spec, PodModel pod, ContainerModel container)
    {
        CommonPod(check, spec, pod, container);
        if (spec is null)
        {
            return;
        }

        foreach (var violation in PodSecurityProfile.RestrictedViolations(spec))
        {
            check.Mismatch("securityContext", "breaks Pod Security \"restricted\": the pod " + violation);
        }

        var context = spec.Containers?.FirstOrDefault()?.SecurityContext;
        check.Equal("readOnlyRootFilesystem", "readOnlyRootFilesystem", context?.ReadOnlyRootFilesystem, true);
        check.Equal("runAsUser", "pod runAsUser", spec.SecurityContext?.RunAsUser, pod.Uid);
        check.Equal("runAsGroup", "pod runAsGroup", spec.SecurityContext?.RunAsGroup, pod.Gid);
        check.Equal("fsGroup", "pod fsGroup", spec.SecurityContext?.FsGroup, pod.Gid);
        check.Equal("runAsUser", "container runAsUser", context?.RunAsUser ?? pod.Uid, pod.Uid);
        foreach (var needed in new[] { "cpu", "memory", "ephemeral-storage" })
        {
            if (spec.Containers?.FirstOrDefault()?.Resources?.Requests?.ContainsKey(needed) != true)
            {
                check.Mismatch("requests", $"has no {needed} request");
            }
        }

        if (spec.Containers?.FirstOrDefault()?.Resources?.Limits?.ContainsKey("memory") != true)
        {
            check.Mismatch("limits", "has no memory limit");
        }
    }

    private static void CommonPod(ManifestCheck check, V1PodSpec? spec, PodModel pod, ContainerModel container)
    {
        if (spec is null)
        {
            check.Mismatch("spec", "has no pod spec");
            return;
        }

        check.Equal("automountServiceAccountToken", "automountServiceAccountToken", spec.AutomountServiceAccountToken, false);
        if (spec.InitContainers is { Count: > 0 } || spec.EphemeralContainers is { Count: > 0 } || spec.Containers?.Count != 1)
        {
            check.Mismatch("containers", "must have exactly one container and no init or ephemeral containers");
            return;
        }

        var actual = spec.Containers[0];
        check.Equal("name", "container name", actual.Name, container.Name);
        check.Equal("image", "image", actual.Image, container.Image);
        check.Equal("imagePullPolicy", "imagePullPolicy", actual.ImagePullPolicy, container.PullPolicy);
        check.SameList("command", "command", actual.Command, container.Command);
        check.SameList("args", "args", actual.Args, container.Args);
        if (actual.EnvFrom is { Count: > 0 } || (actual.Env ?? []).Any(variable => variable.ValueFrom is not null))
        {
            check.Mismatch("env", "takes environment variables from other objects, which the model does not");
        }

        check.SameList("env", "env", actual.Env?.Select(v => v.Name + "=" + v.Value), container.Env.Select(v => v.Key + "=" + v.Value));
        check.SameMap("requests", "requests", actual.Resources?.Requests?.ToDictionary(p => p.Key, p => p.Value.ToString()), container.Requests);
        check.SameMap("limits", "limits", actual.Resources?.Limits?.ToDictionary(p => p.Key, p => p.Value.ToString()), container.Limits);
        check.SameJson("volumeMounts", "volume mounts", actual.VolumeMounts, Array(container.VolumeMounts));
        check.SameJson("volumes", "volumes", spec.Volumes, Array(pod.Volumes));
        check.SameMap("nodeSelector", "node selector", spec.NodeSelector, pod.NodeSelector);
        check.SameJson("tolerations", "tolerations", spec.Tolerations, Array(pod.Tolerations));
        check.SameJson("affinity", "affinity", spec.Affinity, pod.Affinity);
    }

    private static void Probe(ManifestCheck check, string key, V1Probe? actual, ProbeModel? expected)
    {
        var shown = actual is null ? null : $"GET {actual.HttpGet?.Path} on {actual.HttpGet?.Port?.Value}";
        check.Equal(key, key, shown, expected is null ? null : $"GET {expected.Path} on {expected.Port}");
        if (actual?.Exec is not null || actual?.TcpSocket is not null || actual?.Grpc is not null)
        {
            check.Mismatch(key, "has a probe handler other than httpGet");
        }
    }

    private static JsonArray Array(IEnumerable<JsonObject> items) => new(items.Select(item => (JsonNode)item.DeepClone()).ToArray());
}
