using System.Text.Json.Nodes;
using PythonRuntime.Rendering.Quoting;
using PythonRuntime.Specs;

namespace PythonRuntime.Rendering.Model;

/// <summary>
/// The in-cluster build: a Kaniko pod that reads the Dockerfile and <c>context.tar.gz</c> from a ConfigMap,
/// the registry credentials from a Secret (both by name), pushes the image and writes its digest to the
/// termination message. It runs as root (the documented exception); scheduling and resources come from the
/// build task.
/// </summary>
internal sealed partial class ModelBuilder
{
    public const string BuildContainerName = "kaniko";
    public const string BuildWorkspace = "/workspace";
    public const string BuildContextArchive = "context.tar.gz";
    public const string DockerConfigDirectory = "/kaniko/.docker";

    private PodModel? BuildPod(ObjectMetaModel meta, TaskSpec task)
    {
        var before = _problems.Count;
        var configMap = _plan.Options.BuildContextConfigMaps.TryGetValue(Name, out var named) ? named : Name + "-build-context";
        if (KubernetesNames.CheckDnsSubdomain(configMap) is { } problem)
        {
            _problems.Add("build context ConfigMap (render option)", $"The ConfigMap name {MessageText.Show(configMap)} {problem}.");
        }

        var volumes = new List<JsonObject>
        {
            new() { ["name"] = "build-context", ["configMap"] = new JsonObject { ["name"] = configMap } },
            new()
            {
                ["name"] = "registry-credentials",
                ["secret"] = new JsonObject
                {
                    ["secretName"] = _plan.Options.RegistrySecret,
                    ["items"] = new JsonArray(new JsonObject { ["key"] = ".dockerconfigjson", ["path"] = "config.json" }),
                },
            },
        };
        var pod = new PodModel(
            meta.Labels,
            PodAnnotations(meta),
            0,
            0,
            NodeSelector("tasks.build", task),
            Affinity("tasks.build", task),
            Tolerations("tasks.build", task),
            volumes);
        return _problems.Count == before ? pod : null;
    }

    private ContainerModel? BuildContainer(ImageReference image, TaskSpec task)
    {
        var before = _problems.Count;
        var destination = image.TagReference ?? $"{image.Name}:{_plan.Version}";
        var args = new List<string>
        {
            $"--dockerfile={BuildWorkspace}/Dockerfile",
            $"--context=tar://{BuildWorkspace}/{BuildContextArchive}",
            $"--destination={destination}",
            $"--digest-file={ImageLayout.TerminationLog}",
        };
        if (_plan.PipIndexUrl is { } index)
        {
            args.Add("--build-arg=PIP_INDEX_URL=" + index);
        }

        if (_plan.Options.InsecureRegistry)
        {
            args.Add("--insecure");
        }

        var resources = Resources("tasks.build", task.Resources ?? ResourcesSpec.None, BuildDefaults);
        var mounts = new List<JsonObject>
        {
            Mount("build-context", BuildWorkspace, readOnly: true),
            Mount("registry-credentials", DockerConfigDirectory, readOnly: true),
        };
        var container = new ContainerModel(
            BuildContainerName,
            _plan.KanikoImage,
            "IfNotPresent",
            [],
            args,
            [],
            resources.Requests,
            resources.Limits,
            mounts,
            [],
            null,
            null);
        return _problems.Count == before ? container : null;
    }
}
