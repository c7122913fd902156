using System.Text.Json;
using System.Text.RegularExpressions;
using PythonRuntime.Diagnostics;
using PythonRuntime.Images;
using PythonRuntime.Kubernetes;
using PythonRuntime.Rendering;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// Builds a function's image inside the cluster: the rendered Dockerfile and build context travel as a ConfigMap
/// (<see cref="BuildContextConfigMap"/>), the rendered Kaniko Job builds and pushes with the registry Secret it
/// references by name, and the pushed digest comes back in the container's termination message. The image is recorded
/// in the store as a local build records it (repository, content tag, commit tag, the digest as its id and its digest;
/// the Job pushes both tags too), and the run completes with <c>outputs["image"]</c> = the image key and results
/// <c>image</c> (by digest), <c>digest</c>, <c>content_tag</c>, <c>commit_tag</c>, <c>built</c> and <c>reason</c>. The
/// ConfigMap is deleted when the Job ends.
/// </summary>
public sealed partial class KubernetesBuildExecutor(RunStore store, RunServiceOptions options, IRunLog log)
{
    /// <summary>Builds and returns the final run record (COMPLETED with the image, ERROR, or STOPPED when cancelled).</summary>
    public async Task<RunRecord> RunBuildAsync(RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.Run.Id;
        var name = context.Function.Spec.Name;
        KubernetesSession? session = null;
        string? configMapName = null;
        try
        {
            session = KubernetesSession.Open(options, context.Project);
            configMapName = $"{name}-build-{RunShort(runId)}-context";
            var rendered = await RenderAsync(context, session, configMapName, cancellationToken).ConfigureAwait(false);
            var job = rendered.ReadBuildJob();
            var tags = await TagsAsync(rendered, job, cancellationToken).ConfigureAwait(false);
            var configMap = BuildContextConfigMap.Create(configMapName, new Dictionary<string, string>(job.Metadata.Labels, StringComparer.Ordinal), rendered.Text("Dockerfile"), ContextFiles(rendered));
            var packed = configMap.BinaryData[BuildContextConfigMap.ArchiveKey].Length;
            await store.TransitionAsync(runId, RunState.Built, $"build context packed: {packed:N0} bytes in ConfigMap {configMapName}", cancellationToken).ConfigureAwait(false);
            await session.Applier.ApplyAsync(configMap, cancellationToken).ConfigureAwait(false);
            await store.TransitionAsync(runId, RunState.Ready, $"Job {job.Metadata.Name} rendered for namespace {session.Namespace}", cancellationToken).ConfigureAwait(false);
            await store.TransitionAsync(runId, RunState.Running, $"building with Kaniko in namespace {session.Namespace}", cancellationToken).ConfigureAwait(false);
            log.Info($"{name}: build Job {job.Metadata.Name} applied in namespace {session.Namespace} (context {packed:N0} bytes); waiting for the push");

            var runner = new KubernetesJobRunner(session.Connection, session.Applier, session.Retry, new KubernetesJobRunOptions());
            var result = await runner.RunAsync(job, cancellationToken).ConfigureAwait(false);
            await KubernetesRunLog.KeepAsync(store, log, runId, result.LogTail).ConfigureAwait(false);
            if (result.State != RunState.Completed)
            {
                var failed = new RunError(result.Reason ?? "BuildFailed", result.Diagnosis ?? "the build Job failed", "build");
                return await Complete(runId, RunState.Error, new Dictionary<string, JsonElement>(), failed).ConfigureAwait(false);
            }

            var digest = result.TerminationText?.Trim() ?? string.Empty;
            if (!Digest().IsMatch(digest))
            {
                var missing = new RunError("DigestMissing", $"The build Job {job.Metadata.Name} completed but its termination message is '{Clip(digest)}', not the image digest Kaniko writes with --digest-file. Check that the Kaniko image is the executor and that the template keeps --digest-file=/dev/termination-log.", "build");
                return await Complete(runId, RunState.Error, new Dictionary<string, JsonElement>(), missing).ConfigureAwait(false);
            }

            // The push happened: record the image even if the caller gives up now, as a local build does.
            var recorded = await store.RecordImageAsync(context.Project.Name, name, tags.Repository, tags.ContentTag, tags.CommitTag, digest, tags.Inputs.ToJson(), runId, CancellationToken.None).ConfigureAwait(false);
            recorded = await store.SetImageDigestAsync(recorded.Id, digest, CancellationToken.None).ConfigureAwait(false);
            log.Info($"{name}: pushed {recorded.Reference} (tags {string.Join(", ", tags.Destinations.Select(d => d[(d.LastIndexOf(':') + 1)..]))})");
            var results = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                ["image"] = JsonSerializer.SerializeToElement(recorded.Reference),
                ["digest"] = JsonSerializer.SerializeToElement(digest),
                ["content_tag"] = JsonSerializer.SerializeToElement(tags.ContentTag),
                ["built"] = JsonSerializer.SerializeToElement(true),
                ["reason"] = JsonSerializer.SerializeToElement($"built in the cluster by Kaniko (Job {job.Metadata.Name})"),
            };
            if (tags.CommitTag is { } commitTag)
            {
                results["commit_tag"] = JsonSerializer.SerializeToElement(commitTag);
            }

            var outputs = new Dictionary<string, string>(StringComparer.Ordinal) { ["image"] = recorded.Key.ToString() };
            return await Complete(runId, RunState.Completed, results, null, outputs).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await Complete(runId, RunState.Stopped, new Dictionary<string, JsonElement>(), null).ConfigureAwait(false);
        }
        catch (PythonRuntimeException ex)
        {
            return await Complete(runId, RunState.Error, new Dictionary<string, JsonElement>(), new RunError("BuildFailed", ex.Message, "build")).ConfigureAwait(false);
        }
        finally
        {
            if (session is not null && configMapName is not null)
            {
                await DeleteContextAsync(session, configMapName).ConfigureAwait(false);
            }

            session?.Dispose();
        }
    }

    private Task<RunRecord> Complete(string runId, RunState state, IReadOnlyDictionary<string, JsonElement> results, RunError? error, IReadOnlyDictionary<string, string>? outputs = null) =>
        store.CompleteAsync(runId, state, results, outputs ?? new Dictionary<string, string>(), error, CancellationToken.None);

    /// <summary>
    /// Names the image as a local build does: the repository of the Job's destination, the content tag of the rendered
    /// Dockerfile and context (no local base image id: the cluster pulls the base itself) and the commit tag. The Job
    /// pushes those two tags, so the registry holds what the store records.
    /// </summary>
    private async Task<ClusterImageTags> TagsAsync(RenderedFunction rendered, k8s.Models.V1Job job, CancellationToken cancellationToken)
    {
        var destination = Destination(job);
        var repository = Repository(destination);
        var commit = await GitRevision.CurrentCommitAsync(options.RepositoryRoot, cancellationToken).ConfigureAwait(false);
        var dirty = commit is not null && await GitRevision.IsDirtyAsync(options.RepositoryRoot, cancellationToken).ConfigureAwait(false);
        var commitTag = ImageName.CommitTag(commit, dirty);
        var inputs = ImageInputs.From(rendered, baseImageId: null, ImageBuilder.BuildArguments(BuildArgument(job, ImageBuilder.PipIndexArgument)));

        // The template's default destination is tagged with the commit (or "dev" without one) even when the work tree
        // is dirty; a local build would tag that "<commit>-dirty". The default is replaced by the content tag and the
        // commit tag; a tag the function's image names explicitly is kept.
        var renderedTag = destination[(repository.Length + 1)..];
        var destinations = new List<string>();
        if (!string.Equals(renderedTag, commit ?? "dev", StringComparison.Ordinal))
        {
            destinations.Add(destination);
        }

        foreach (var tag in new[] { inputs.ContentTag, commitTag })
        {
            if (tag is not null && !destinations.Contains($"{repository}:{tag}", StringComparer.Ordinal))
            {
                destinations.Add($"{repository}:{tag}");
            }
        }

        var args = job.Spec.Template.Spec.Containers[0].Args;
        var at = args.IndexOf(DestinationFlag + destination);
        args.RemoveAt(at);
        for (var i = 0; i < destinations.Count; i++)
        {
            args.Insert(at + i, DestinationFlag + destinations[i]);
        }

        return new ClusterImageTags(repository, inputs.ContentTag, commitTag, inputs, destinations);
    }

    /// <summary>The value of a <c>--build-arg=NAME=value</c> of the Kaniko container, or null.</summary>
    private static string? BuildArgument(k8s.Models.V1Job job, string name)
    {
        var prefix = $"--build-arg={name}=";
        var args = job.Spec?.Template?.Spec?.Containers?.FirstOrDefault()?.Args ?? [];
        return args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }

    private async Task<RenderedFunction> RenderAsync(RunContext context, KubernetesSession session, string configMapName, CancellationToken cancellationToken)
    {
        return await KubernetesRendering.RenderRunAsync(
            options,
            context,
            new RenderOptions
            {
                Namespace = session.Namespace,
                BuildContextConfigMaps = new Dictionary<string, string>(StringComparer.Ordinal) { [context.Function.Spec.Name] = configMapName },
                RegistrySecret = session.Settings.RegistrySecret ?? new RenderOptions().RegistrySecret,
                InsecureRegistry = session.Settings.InsecureRegistry,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The files of the rendered context folder, by path inside it (the Dockerfile lives beside the folder).</summary>
    private static Dictionary<string, ReadOnlyMemory<byte>> ContextFiles(RenderedFunction rendered)
    {
        var prefix = rendered.Name + "/context/";
        return rendered.Files
            .Where(f => f.RelativePath.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(f => f.RelativePath[prefix.Length..], f => f.Content, StringComparer.Ordinal);
    }

    private async Task DeleteContextAsync(KubernetesSession session, string configMapName)
    {
        try
        {
            await new KubernetesDeleter(session.Connection, session.Retry).DeleteConfigMapAsync(configMapName, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PythonRuntimeException ex)
        {
            // The run's outcome matters more than the cleanup; say what is left behind.
            log.Info($"ConfigMap {session.Namespace}/{configMapName} was not deleted: {ex.Message}");
        }
    }

    private const string DestinationFlag = "--destination=";

    private static string Destination(k8s.Models.V1Job job)
    {
        const string Flag = DestinationFlag;
        var args = job.Spec?.Template?.Spec?.Containers?.FirstOrDefault()?.Args ?? [];
        return args.FirstOrDefault(a => a.StartsWith(Flag, StringComparison.Ordinal))?[Flag.Length..]
            ?? throw new PythonRuntimeException(ExitCodes.InvalidDefinition, $"The build Job {job.Metadata.Name} has no {Flag} argument; the build-job template must keep it.");
    }

    /// <summary>The repository of a reference: without its tag (a ':' after the last '/') or digest.</summary>
    private static string Repository(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? reference[..at] : reference;
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }

    private static string RunShort(string runId) =>
        new(runId.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(8).ToArray());

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "...";

    [GeneratedRegex(@"\Asha256:[0-9a-f]{64}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Digest();
}
