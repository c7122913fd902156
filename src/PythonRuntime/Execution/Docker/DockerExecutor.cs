using System.Text.Json;
using System.Text.Json.Nodes;
using PythonRuntime.Diagnostics;
using PythonRuntime.Images;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Execution.Docker;

/// <summary>
/// Runs functions in the local Docker engine from their built images: a job as a container that is waited for,
/// a service as a detached container with its ports published on 127.0.0.1, and the build action itself. The
/// container gets the rendered pod's command, arguments, environment, user and limits.
/// </summary>
public sealed partial class DockerExecutor(RunStore store, RunServiceOptions options, IRunLog log)
{
    /// <summary>The bridge network containers join; it is made on first use.</summary>
    public const string NetworkName = "pythonruntime";

    private const string InputsDirectory = "/tmp/pythonruntime/inputs";

    private readonly DockerCli _docker = new(host: options.Images.DockerHost);

    /// <summary>Builds (or finds unchanged) the function's image and moves the run to BUILT; returns the local reference.</summary>
    private async Task<ImageBuildResult> EnsureImageAsync(RunContext context, bool push, CancellationToken cancellationToken)
    {
        await _docker.RequireEngineAsync(cancellationToken).ConfigureAwait(false);
        var set = new DefinitionSet(context.Project, options.RepositoryRoot, [context.Function]);
        var builder = new ImageBuilder(store, _docker, log, options.ResolvedStateDirectory);
        var indexUrl = options.PipIndexUrl ?? context.Project.PipIndexUrl;
        var result = await builder.BuildAsync(set, context.Function, options.Images with { Push = push }, indexUrl, context.Run.Id, cancellationToken).ConfigureAwait(false);
        await store.TransitionAsync(context.Run.Id, RunState.Built, $"image {result.Image.Reference}", cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task EnsureNetworkAsync(CancellationToken cancellationToken)
    {
        var inspect = await _docker.RunAsync(["network", "inspect", "--format", "{{.Name}}", NetworkName], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (inspect.Succeeded)
        {
            return;
        }

        var create = await _docker.RunAsync(["network", "create", "--driver", "bridge", "--label", "app.kubernetes.io/managed-by=pythonruntime", NetworkName], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!create.Succeeded && !create.Text.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"The Docker network '{NetworkName}' cannot be created: {create.Tail(2)}");
        }
    }

    /// <summary>What a container's render adds to the run's: the image the run built.</summary>
    private static Rendering.RenderOptions ContainerRender(RunContext context, string image) => new()
    {
        Images = new Dictionary<string, string>(StringComparer.Ordinal) { [context.Function.Spec.Name] = image },
    };

    private static string ContainerName(RunContext context) => $"pythonruntime-{context.Function.Spec.Name}-{context.Run.Id[..12]}";

    private static Dictionary<string, string> Labels(RunContext context) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/managed-by"] = "pythonruntime",
        ["app.kubernetes.io/part-of"] = context.Project.Name,
        ["app.kubernetes.io/name"] = context.Function.Spec.Name,
        ["pythonruntime.io/run-id"] = context.Run.Id,
    };

    private string RunDirectory(string runId) => Path.Combine(store.StateDirectory, "runs", runId, "docker");

    /// <summary>Reads the local values of the task's secrets and writes them as files the container can read.</summary>
    private async Task<(string? Owner, string? Mount)> WriteSecretsAsync(RunContext context, string runDirectory, CancellationToken cancellationToken)
    {
        var names = context.Task.Secrets ?? [];
        if (names.Count == 0)
        {
            return (null, null);
        }

        var values = await new LocalSecrets(options.RepositoryRoot).ReadAsync(names, cancellationToken).ConfigureAwait(false);
        var (owner, mount) = DockerSecretFiles.Write(values);

        // Noted so a Stop in another process can delete them.
        await File.WriteAllTextAsync(Path.Combine(runDirectory, "secrets-folder"), owner, cancellationToken).ConfigureAwait(false);
        return (owner, mount);
    }

    /// <summary>Mounts each input file read-only and points the runner spec's inputs at the mounted paths.</summary>
    private static List<string> MountInputs(RunContext context, Dictionary<string, string?> environment)
    {
        var arguments = new List<string>();
        if (context.Inputs.Count == 0)
        {
            return arguments;
        }

        var spec = JsonNode.Parse(environment["PYTHONRUNTIME_SPEC"] ?? "{}")!.AsObject();
        var inputs = new JsonObject();
        foreach (var (parameter, input) in context.Inputs)
        {
            var inside = $"{InputsDirectory}/{parameter}/{Path.GetFileName(input.Path)}";
            arguments.AddRange(["--volume", $"{input.Path}:{inside}:ro"]);
            inputs[parameter] = JsonSerializer.SerializeToNode(input with { Path = inside });
        }

        spec["inputs"] = inputs;
        environment["PYTHONRUNTIME_SPEC"] = spec.ToJsonString();
        return arguments;
    }

    private async Task RemoveContainerAsync(string name)
    {
        await _docker.RunAsync(["rm", "--force", name], timeout: TimeSpan.FromSeconds(30), cancellationToken: CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<JsonElement?> InspectStateAsync(string name, CancellationToken cancellationToken)
    {
        var result = await _docker.RunAsync(["inspect", "--format", "{{json .State}}", name], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return null;
        }

        using var document = JsonDocument.Parse(result.Lines.First(line => line.StartsWith('{')));
        return document.RootElement.Clone();
    }

    private static void PrepareFolder(string path, UnixFileMode mode)
    {
        Directory.CreateDirectory(path);

        // The container's user (10001) writes here; it is not the host user that made the folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static readonly UnixFileMode Shared = (UnixFileMode)0b111_111_111;
}
