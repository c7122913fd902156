using System.Text.Json;
using System.Text.RegularExpressions;
using PythonRuntime.Diagnostics;
using PythonRuntime.Kubernetes;
using PythonRuntime.Rendering;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// Builds a function's image inside the cluster: the rendered Dockerfile and build context travel as a ConfigMap
/// (<see cref="BuildContextConfigMap"/>), the rendered Kaniko Job builds and pushes with the registry Secret it
/// references by name, and the pushed digest comes back in the container's termination message. The run records the
/// image by digest as results <c>image</c> and <c>digest</c>. The ConfigMap is deleted when the Job ends.
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

            var image = $"{Repository(Destination(job))}@{digest}";
            log.Info($"{name}: pushed {image}");
            var results = new Dictionary<string, JsonElement>
            {
                ["image"] = JsonSerializer.SerializeToElement(image),
                ["digest"] = JsonSerializer.SerializeToElement(digest),
            };
            return await Complete(runId, RunState.Completed, results, null).ConfigureAwait(false);
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

    private Task<RunRecord> Complete(string runId, RunState state, IReadOnlyDictionary<string, JsonElement> results, RunError? error) =>
        store.CompleteAsync(runId, state, results, new Dictionary<string, string>(), error, CancellationToken.None);

    private async Task<RenderedFunction> RenderAsync(RunContext context, KubernetesSession session, string configMapName, CancellationToken cancellationToken)
    {
        var spec = context.Function.Spec;
        var function = context.Function with { Spec = spec with { Tasks = spec.Tasks with { Build = context.Task } } };
        return await KubernetesRendering.RenderAsync(
            options,
            function,
            context.Project,
            new RenderOptions
            {
                OutputDirectory = KubernetesRendering.OutputOf(options, context),
                RunId = context.Run.Id,
                Namespace = session.Namespace,
                FunctionVersionIds = KubernetesRendering.VersionOf(context),
                BuildContextConfigMaps = new Dictionary<string, string>(StringComparer.Ordinal) { [spec.Name] = configMapName },
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

    private static string Destination(k8s.Models.V1Job job)
    {
        const string Flag = "--destination=";
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
