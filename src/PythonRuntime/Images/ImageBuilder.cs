using System.Diagnostics;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Images;

/// <summary>
/// Builds a function's image: renders its Dockerfile and context, names the result by a hash of everything that
/// goes into it (the content tag), skips docker build when that tag already exists locally or in the registry,
/// otherwise runs docker build and says which input changed, adds the per-commit alias tag, records the image in
/// the store and, when asked, pushes both tags and records the digest.
/// </summary>
public sealed class ImageBuilder(RunStore store, DockerCli docker, IRunLog log, string stateDirectory)
{
    /// <summary>The build argument whose value comes from the environment (never from argv).</summary>
    public const string PipIndexArgument = "PIP_INDEX_URL";

    /// <summary>
    /// The build arguments as the content tag sees them: their names with a fingerprint of each value. The value is
    /// only fingerprinted because an index URL can carry credentials, which must not reach the store.
    /// </summary>
    public static IReadOnlyDictionary<string, string> BuildArguments(string? pipIndexUrl)
    {
        var arguments = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (pipIndexUrl is not null)
        {
            arguments[PipIndexArgument] = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(pipIndexUrl)));
        }

        return arguments;
    }

    /// <summary>Builds (or reuses) the image of <paramref name="function"/>.</summary>
    /// <exception cref="PythonRuntimeException">The engine is unreachable, the build failed (with its failing step and log tail), or the push failed.</exception>
    public async Task<ImageBuildResult> BuildAsync(
        DefinitionSet set,
        FunctionDefinition function,
        ImageBuildSettings settings,
        string? pipIndexUrl,
        string? runId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(settings);
        var name = function.Spec.Name;
        var project = set.Project.Name;
        var (commit, dirty) = settings.Revision ?? await SourceRevision.ReadAsync(set.Root, cancellationToken).ConfigureAwait(false);
        var registry = settings.Registry ?? set.Project.Registry ?? "localhost";
        var repository = ImageName.Repository(registry, project, name);
        var commitTag = ImageName.CommitTag(commit, dirty);
        var folder = Path.Combine(stateDirectory, "images", name);

        // One build of a function at a time on this machine: the folder is rewritten, then read by docker build.
        using var held = await FileLock.AcquireAsync(folder + ".lock", $"the image build folder of '{name}'", log.Info, cancellationToken).ConfigureAwait(false);
        var render = await new ArtifactRenderer().RenderAsync(
            set,
            new RenderOptions
            {
                OutputDirectory = folder,
                Functions = [name],
                ImageOnly = true,
                BaseImageOverride = settings.BaseImage,
                Registry = registry,
                Commit = commit,
            },
            cancellationToken).ConfigureAwait(false);
        var rendered = render.Functions[0];
        var buildArguments = BuildArguments(pipIndexUrl);
        var baseImage = ImageInputs.From(rendered, null, buildArguments).BaseImage;
        var baseImageId = await docker.ImageIdAsync(baseImage, cancellationToken).ConfigureAwait(false);
        var inputs = ImageInputs.From(rendered, baseImageId, buildArguments);
        var contentTag = inputs.ContentTag;
        var contentReference = $"{repository}:{contentTag}";
        var previous = await store.LatestImageAsync(project, name, cancellationToken).ConfigureAwait(false);

        var watch = Stopwatch.StartNew();
        var (built, reason) = settings.Force
            ? (true, "--force was given")
            : await FindExistingAsync(repository, contentTag, cancellationToken).ConfigureAwait(false) is { } found
                ? (false, found)
                : (true, RebuildReason(inputs, previous));
        if (built)
        {
            log.Info($"{name}: building {contentReference}: {reason}");
            await ArtifactWriterFor(render, cancellationToken).ConfigureAwait(false);
            await RunDockerBuildAsync(name, Path.Combine(folder, name), contentReference, settings.Network, pipIndexUrl, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            log.Info($"{name}: unchanged since {contentReference} ({reason}); no build needed");
        }

        if (commitTag is not null)
        {
            await docker.TagAsync(contentReference, $"{repository}:{commitTag}", cancellationToken).ConfigureAwait(false);
        }

        var imageId = await docker.ImageIdAsync(contentReference, cancellationToken).ConfigureAwait(false)
            ?? throw new PythonRuntimeException(ExitCodes.Environment, $"The image {contentReference} is not in the Docker engine after the build; check 'docker images {repository}'.");
        var buildTime = watch.Elapsed;
        var image = await store.RecordImageAsync(project, name, repository, contentTag, commitTag, imageId, inputs.ToJson(), runId, cancellationToken).ConfigureAwait(false);
        TimeSpan? pushTime = null;
        if (settings.Push)
        {
            watch.Restart();
            image = await PushAsync(image, settings.PushRetry, alwaysPush: built, cancellationToken).ConfigureAwait(false);
            pushTime = watch.Elapsed;
        }

        return new ImageBuildResult(name, image, built, reason, buildTime, pushTime);
    }

    /// <summary>
    /// Pushes the content tag and the commit tag of <paramref name="image"/> and records the digest. A tag the
    /// registry already has is not pushed again unless <paramref name="alwaysPush"/> (the image was just rebuilt).
    /// </summary>
    /// <exception cref="PythonRuntimeException">The push failed (credentials refused at once; transient failures after bounded retries).</exception>
    public async Task<ImageRecord> PushAsync(ImageRecord image, PushRetryOptions retry, bool alwaysPush, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (registry, _) = ImageName.Split(image.Repository);
        await RegistryLogin.LoginAsync(docker, registry, cancellationToken).ConfigureAwait(false);
        var pusher = new ImagePusher(docker, log, retry);
        using var registryClient = new RegistryClient();
        var digest = await registryClient.DigestAsync(image.Repository, image.ContentTag, cancellationToken).ConfigureAwait(false);
        if (alwaysPush || digest is null)
        {
            log.Info($"{image.Key.Name}: pushing {image.Repository}:{image.ContentTag}");
            digest = await pusher.PushAsync($"{image.Repository}:{image.ContentTag}", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            log.Info($"{image.Key.Name}: {image.Repository}:{image.ContentTag} is already in the registry as {digest}");
        }

        if (image.CommitTag is { } commitTag
            && await registryClient.DigestAsync(image.Repository, commitTag, cancellationToken).ConfigureAwait(false) != digest)
        {
            // Same layers and manifest as the content tag: the registry only records another name for it.
            await pusher.PushAsync($"{image.Repository}:{commitTag}", cancellationToken).ConfigureAwait(false);
        }

        return await store.SetImageDigestAsync(image.Id, digest, cancellationToken).ConfigureAwait(false);
    }

    private static string RebuildReason(ImageInputs inputs, ImageRecord? previous)
    {
        if (previous is null)
        {
            return "first build of this function";
        }

        var before = ImageInputs.FromJson(previous.InputsJson);
        var changes = before is null ? [] : inputs.ChangesSince(before);
        return changes.Count == 0
            ? $"the image {previous.Repository}:{previous.ContentTag} is no longer in the engine or the registry"
            : string.Join("; ", changes);
    }

    private async Task<string?> FindExistingAsync(string repository, string contentTag, CancellationToken cancellationToken)
    {
        var reference = $"{repository}:{contentTag}";
        if (await docker.ImageIdAsync(reference, cancellationToken).ConfigureAwait(false) is not null)
        {
            return "the content tag is in the local engine";
        }

        using var registry = new RegistryClient(TimeSpan.FromSeconds(5));
        if (await registry.DigestAsync(repository, contentTag, cancellationToken).ConfigureAwait(false) is not { } digest)
        {
            return null;
        }

        // The registry has it: pulling is a transfer of existing layers, never a build.
        var pull = await docker.RunAsync(["pull", reference], (line, _) => log.Info($"  {line}"), timeout: TimeSpan.FromMinutes(20), cancellationToken: cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return pull.Succeeded ? $"the content tag is in the registry as {digest}; pulled" : null;
    }

    private static Task ArtifactWriterFor(RenderResult render, CancellationToken cancellationToken) =>
        new ArtifactRenderer().WriteAsync(render, cancellationToken);

    /// <summary>
    /// Tells a build that lost its engine from one that failed: a step that ran and failed prints "returned a non-zero
    /// code"; a lost engine shows as the CLI's connection errors, or as an engine that no longer answers.
    /// </summary>
    private async Task<bool> EngineWasLostAsync(DockerResult result, CancellationToken cancellationToken)
    {
        if (result.Lines.Any(line => line.Contains("returned a non-zero code", StringComparison.Ordinal)))
        {
            return false;
        }

        var cliSaid = DockerFailure.Classify(result.Tail(2));
        return cliSaid is DockerFailureKind.DaemonUnavailable or DockerFailureKind.Transient
            || !await docker.EngineAnswersAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunDockerBuildAsync(string name, string functionFolder, string reference, string? network, string? pipIndexUrl, CancellationToken cancellationToken)
    {
        var arguments = new List<string>
        {
            "build",
            "--file", Path.Combine(functionFolder, "Dockerfile"),
            "--tag", reference,
            "--pull=false",
            // Intermediate containers go even when a step fails or the build is cut off: a rerun needs no clean-up.
            "--force-rm",
        };
        if (network is not null)
        {
            arguments.AddRange(["--network", network]);
        }

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (pipIndexUrl is not null)
        {
            // Named only: docker reads the value from its own environment, so it is never in argv or a log.
            arguments.AddRange(["--build-arg", PipIndexArgument]);
            environment[PipIndexArgument] = pipIndexUrl;
        }

        arguments.Add(Path.Combine(functionFolder, "context"));
        var result = await docker.RunAsync(arguments, (line, isError) => log.Info($"  {line}"), environment: environment, timeout: TimeSpan.FromHours(1), cancellationToken: cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.Succeeded)
        {
            return;
        }

        var step = result.Lines.LastOrDefault(line => line.StartsWith("Step ", StringComparison.Ordinal))?.Trim();
        if (await EngineWasLostAsync(result, cancellationToken).ConfigureAwait(false))
        {
            // Nothing is recorded: the image is tagged by the engine only when its build ends, and the store only after that.
            throw new PythonRuntimeException(
                ExitCodes.Environment,
                $"docker build of '{name}' stopped {(step is null ? "before its first step" : $"at {step}")}: the Docker engine at '{docker.EngineAddress}' does not answer or dropped the connection ({result.Tail(1)}). No image was recorded. {docker.HowToStart}");
        }

        throw new PythonRuntimeException(
            ExitCodes.RunFailed,
            $"docker build of '{name}' failed at {step ?? "(before the first step)"} (exit code {result.ExitCode}). Last lines of the build log:{Environment.NewLine}{result.Tail(12)}");
    }
}
