using System.Globalization;
using k8s.Models;
using PythonRuntime.Diagnostics;
using PythonRuntime.Rendering.Model;

namespace PythonRuntime.Execution.Docker;

/// <summary>
/// Turns the rendered pod (a Job's or a Deployment's) into <c>docker run</c> arguments: the container's own
/// command, arguments and environment, its user, a read-only root file system with the pod's emptyDir volumes as
/// tmpfs, no capabilities, no privilege escalation, and its memory and CPU limits. Environment values are passed
/// by name only (<c>--env NAME</c>, the value set in the docker CLI's environment) so neither a parameter nor a
/// secret is ever in an argument list that <c>ps</c> shows.
/// </summary>
internal static class DockerRunCommand
{
    public static (List<string> Arguments, Dictionary<string, string?> Environment) Create(
        V1PodSpec pod,
        string containerName,
        string image,
        string network,
        IReadOnlyDictionary<string, string> labels,
        DockerMounts mounts,
        IEnumerable<string> extraArguments)
    {
        var container = pod.Containers.Single();
        var arguments = new List<string> { "run", "--name", containerName, "--network", network };
        foreach (var (key, value) in labels)
        {
            arguments.AddRange(["--label", $"{key}={value}"]);
        }

        var security = container.SecurityContext;
        var user = security?.RunAsUser ?? pod.SecurityContext?.RunAsUser ?? ImageLayout.UserId;
        var group = security?.RunAsGroup ?? pod.SecurityContext?.RunAsGroup ?? ImageLayout.GroupId;
        arguments.AddRange(["--user", $"{user}:{group}", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"]);
        if (security?.ReadOnlyRootFilesystem ?? true)
        {
            arguments.Add("--read-only");
        }

        AddLimits(arguments, container.Resources);
        AddVolumes(arguments, pod, container, mounts);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            if (variable.ValueFrom is not null)
            {
                throw new PythonRuntimeException(ExitCodes.Usage, $"The variable '{variable.Name}' takes its value from the cluster (valueFrom), which the docker executor cannot read; use secrets (mounted as files) instead.");
            }

            arguments.AddRange(["--env", variable.Name]);
            environment[variable.Name] = variable.Value ?? string.Empty;
        }

        arguments.AddRange(extraArguments);
        var command = container.Command ?? [];
        if (command.Count > 0)
        {
            arguments.AddRange(["--entrypoint", command[0]]);
        }

        arguments.Add(image);
        arguments.AddRange(command.Skip(1));
        arguments.AddRange(container.Args ?? []);
        return (arguments, environment);
    }

    private static void AddLimits(List<string> arguments, V1ResourceRequirements? resources)
    {
        if (resources?.Limits is not { } limits)
        {
            return;
        }

        if (limits.TryGetValue("memory", out var memory))
        {
            arguments.AddRange(["--memory", ((long)memory.ToDecimal()).ToString(CultureInfo.InvariantCulture)]);
        }

        if (limits.TryGetValue("cpu", out var cpu))
        {
            arguments.AddRange(["--cpus", cpu.ToDecimal().ToString("0.###", CultureInfo.InvariantCulture)]);
        }
    }

    private static void AddVolumes(List<string> arguments, V1PodSpec pod, V1Container container, DockerMounts mounts)
    {
        var volumes = (pod.Volumes ?? []).ToDictionary(v => v.Name, StringComparer.Ordinal);
        var secretsMounted = false;
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var volume = volumes[mount.Name];
            if (volume.EmptyDir is { } emptyDir)
            {
                var size = emptyDir.SizeLimit is { } limit ? ((long)limit.ToDecimal()).ToString(CultureInfo.InvariantCulture) : "1073741824";
                // Mode 1777 like an emptyDir that the pod's fsGroup may write; exec allowed so venvs and caches work.
                arguments.AddRange(["--tmpfs", $"{mount.MountPath}:rw,exec,mode=1777,size={size}"]);
            }
            else if (volume.Secret is not null)
            {
                secretsMounted = true;
            }
            else
            {
                throw new PythonRuntimeException(ExitCodes.Usage, $"The volume '{mount.Name}' at '{mount.MountPath}' is a cluster volume (config map or claim) that the docker executor cannot provide; run it with --executor=kubernetes, or use an empty_dir.");
            }
        }

        if (secretsMounted && mounts.SecretsDirectory is { } secrets)
        {
            arguments.AddRange(["--volume", $"{secrets}:{ImageLayout.SecretsDirectory}:ro"]);
        }

        if (mounts.OutputDirectory is { } outputs)
        {
            arguments.AddRange(["--volume", $"{outputs}:{ImageLayout.OutputDirectory}:rw"]);
        }

        if (mounts.TerminationFile is { } termination)
        {
            arguments.AddRange(["--volume", $"{termination}:{ImageLayout.TerminationLog}:rw"]);
        }
    }
}
