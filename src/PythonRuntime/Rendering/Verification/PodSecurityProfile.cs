using k8s.Models;

namespace PythonRuntime.Rendering.Verification;

/// <summary>
/// The Pod Security Standards "restricted" profile (which includes "baseline"), checked field by field the way
/// the admission controller checks a pod spec, over every container, init container and ephemeral container.
/// Returns one sentence per violation; an empty list means the pod is admitted.
/// </summary>
internal static class PodSecurityProfile
{
    private static readonly HashSet<string> RestrictedVolumeKinds =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    private static readonly HashSet<string> BaselineCapabilities =
    [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ];

    private static readonly HashSet<string> SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    ];

    private static readonly HashSet<string?> SeLinuxTypes = [null, string.Empty, "container_t", "container_init_t", "container_kvm_t"];

    /// <summary>Gets every way <paramref name="pod"/> breaks the restricted profile.</summary>
    public static IReadOnlyList<string> RestrictedViolations(V1PodSpec pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var found = new List<string>();
        var podContext = pod.SecurityContext;
        if (pod.HostNetwork == true || pod.HostPID == true || pod.HostIPC == true)
        {
            found.Add("uses a host namespace (hostNetwork, hostPID or hostIPC)");
        }

        foreach (var volume in pod.Volumes ?? [])
        {
            var kinds = VolumeKinds(volume);
            if (kinds.Count != 1 || !RestrictedVolumeKinds.Contains(kinds[0]))
            {
                found.Add($"has the volume '{volume.Name}' of kind '{string.Join(",", kinds)}', which restricted does not allow");
            }
        }

        foreach (var sysctl in podContext?.Sysctls ?? [])
        {
            if (!SafeSysctls.Contains(sysctl.Name))
            {
                found.Add($"sets the unsafe sysctl '{sysctl.Name}'");
            }
        }

        CheckSeLinux(podContext?.SeLinuxOptions, "the pod", found);
        if (podContext?.RunAsUser == 0)
        {
            found.Add("runs the pod as user 0");
        }

        var podSeccomp = podContext?.SeccompProfile?.Type;
        if (podSeccomp == "Unconfined")
        {
            found.Add("sets the pod's seccomp profile to Unconfined");
        }

        var containers = (pod.Containers ?? []).Select(c => (c.Name, c.SecurityContext, c.Ports, c.LivenessProbe, c.ReadinessProbe, c.StartupProbe, c.Lifecycle))
            .Concat((pod.InitContainers ?? []).Select(c => (c.Name, c.SecurityContext, c.Ports, c.LivenessProbe, c.ReadinessProbe, c.StartupProbe, c.Lifecycle)))
            .Concat((pod.EphemeralContainers ?? []).Select(c => (c.Name, c.SecurityContext, c.Ports, c.LivenessProbe, c.ReadinessProbe, c.StartupProbe, c.Lifecycle)))
            .ToList();
        var everyContainerNonRoot = containers.Count > 0;
        var everyContainerSeccomp = containers.Count > 0;
        foreach (var (name, context, ports, liveness, readiness, startup, lifecycle) in containers)
        {
            var who = $"the container '{name}'";
            if (context?.Privileged == true)
            {
                found.Add($"{who} is privileged");
            }

            if (context?.AllowPrivilegeEscalation != false)
            {
                found.Add($"{who} does not set allowPrivilegeEscalation to false");
            }

            if (context?.RunAsNonRoot == false)
            {
                found.Add($"{who} sets runAsNonRoot to false");
            }

            everyContainerNonRoot &= context?.RunAsNonRoot == true;
            if (context?.RunAsUser == 0)
            {
                found.Add($"{who} runs as user 0");
            }

            var seccomp = context?.SeccompProfile?.Type;
            if (seccomp == "Unconfined")
            {
                found.Add($"{who} sets its seccomp profile to Unconfined");
            }

            everyContainerSeccomp &= seccomp is "RuntimeDefault" or "Localhost";
            var added = context?.Capabilities?.Add ?? [];
            if (added.Any(capability => !BaselineCapabilities.Contains(capability)))
            {
                found.Add($"{who} adds capabilities that even baseline forbids");
            }
            else if (added.Any(capability => capability != "NET_BIND_SERVICE"))
            {
                found.Add($"{who} adds capabilities other than NET_BIND_SERVICE");
            }

            if (!(context?.Capabilities?.Drop ?? []).Contains("ALL"))
            {
                found.Add($"{who} does not drop ALL capabilities");
            }

            if (context?.ProcMount is not (null or "Default"))
            {
                found.Add($"{who} sets procMount to '{context.ProcMount}'");
            }

            CheckSeLinux(context?.SeLinuxOptions, who, found);
            if ((ports ?? []).Any(port => port.HostPort is not (null or 0)))
            {
                found.Add($"{who} uses a host port");
            }

            if (new[] { liveness, readiness, startup }.Any(probe => !string.IsNullOrEmpty(probe?.HttpGet?.Host) || !string.IsNullOrEmpty(probe?.TcpSocket?.Host))
                || new[] { lifecycle?.PostStart, lifecycle?.PreStop }.Any(handler => !string.IsNullOrEmpty(handler?.HttpGet?.Host) || !string.IsNullOrEmpty(handler?.TcpSocket?.Host)))
            {
                found.Add($"{who} points a probe or lifecycle hook at another host");
            }
        }

        if (podContext?.RunAsNonRoot != true && !everyContainerNonRoot)
        {
            found.Add("does not set runAsNonRoot to true (on the pod or on every container)");
        }

        if (podSeccomp is not ("RuntimeDefault" or "Localhost") && !everyContainerSeccomp)
        {
            found.Add("does not set the seccomp profile to RuntimeDefault or Localhost (on the pod or on every container)");
        }

        return found;
    }

    private static void CheckSeLinux(V1SELinuxOptions? options, string who, List<string> found)
    {
        if (options is null)
        {
            return;
        }

        if (!SeLinuxTypes.Contains(options.Type) || !string.IsNullOrEmpty(options.User) || !string.IsNullOrEmpty(options.Role))
        {
            found.Add($"{who} sets SELinux options that baseline does not allow");
        }
    }

    private static List<string> VolumeKinds(V1Volume volume)
    {
        var kinds = new List<string>();
        void Add(object? source, string kind)
        {
            if (source is not null)
            {
                kinds.Add(kind);
            }
        }

        Add(volume.ConfigMap, "configMap");
        Add(volume.Csi, "csi");
        Add(volume.DownwardAPI, "downwardAPI");
        Add(volume.EmptyDir, "emptyDir");
        Add(volume.Ephemeral, "ephemeral");
        Add(volume.PersistentVolumeClaim, "persistentVolumeClaim");
        Add(volume.Projected, "projected");
        Add(volume.Secret, "secret");
        Add(volume.HostPath, "hostPath");
        Add(volume.Nfs, "nfs");
        Add(volume.Iscsi, "iscsi");
        Add(volume.Glusterfs, "glusterfs");
        Add(volume.Rbd, "rbd");
        Add(volume.Cephfs, "cephfs");
        Add(volume.Cinder, "cinder");
        Add(volume.Fc, "fc");
        Add(volume.FlexVolume, "flexVolume");
        Add(volume.Flocker, "flocker");
        Add(volume.GcePersistentDisk, "gcePersistentDisk");
        Add(volume.AwsElasticBlockStore, "awsElasticBlockStore");
        Add(volume.AzureDisk, "azureDisk");
        Add(volume.AzureFile, "azureFile");
        Add(volume.GitRepo, "gitRepo");
        Add(volume.Image, "image");
        Add(volume.PhotonPersistentDisk, "photonPersistentDisk");
        Add(volume.PortworxVolume, "portworxVolume");
        Add(volume.Quobyte, "quobyte");
        Add(volume.ScaleIO, "scaleIO");
        Add(volume.Storageos, "storageos");
        Add(volume.VsphereVolume, "vsphereVolume");
        return kinds;
    }
}
