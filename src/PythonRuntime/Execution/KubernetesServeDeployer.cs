using k8s.Models;
using PythonRuntime.Kubernetes;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;

namespace PythonRuntime.Execution;

/// <summary>
/// Deploys a function's serve task to the cluster: renders its Deployment and Service (the same templates and checks
/// as the Render target), applies both server-side and waits for the rollout and the URL. Release <c>--deploy</c>
/// calls <see cref="DeployAsync(FunctionDefinition, ProjectSpec, string, TimeSpan, CancellationToken)"/> with the
/// pushed image's digest reference; a serve run goes through the same code with its run labels.
/// </summary>
public sealed class KubernetesServeDeployer(RunServiceOptions options)
{
    /// <summary>The label that ties a Deployment and Service to the serve run that applied them last.</summary>
    public const string RunIdLabel = "pythonruntime.io/run-id";

    /// <summary>
    /// Deploys <paramref name="function"/> with <paramref name="imageReference"/> (deploy by digest:
    /// <c>registry/name@sha256:...</c>) and waits up to <paramref name="readyTimeout"/>. <see cref="ServeDeployment.Changed"/>
    /// is false when the cluster already had exactly this Deployment and Service.
    /// </summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">Rendering, the apply or the rollout failed; the message says why and what to do.</exception>
    public async Task<ServeDeployment> DeployAsync(FunctionDefinition function, ProjectSpec project, string imageReference, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentException.ThrowIfNullOrEmpty(imageReference);
        using var session = KubernetesSession.Open(options, project);
        var rendered = await KubernetesRendering.RenderAsync(
            options,
            function,
            project,
            new RenderOptions
            {
                OutputDirectory = Path.Combine(options.ResolvedStateDirectory, "deploy", function.Spec.Name),
                Namespace = session.Namespace,
                Images = new Dictionary<string, string>(StringComparer.Ordinal) { [function.Spec.Name] = imageReference },
            },
            cancellationToken).ConfigureAwait(false);
        return await DeployAsync(session, rendered, runId: null, readyTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies a rendered function's serve objects, labelled with <paramref name="runId"/> when given, and waits.</summary>
    internal static Task<ServeDeployment> DeployAsync(KubernetesSession session, RenderedFunction rendered, string? runId, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        var deployment = rendered.ReadDeployment();
        var service = rendered.ReadService();
        if (runId is not null)
        {
            // Only the objects' own labels: the pod template stays the same, so a new run alone starts no rollout.
            Label(deployment.Metadata, runId);
            Label(service.Metadata, runId);
        }

        var runner = new KubernetesServeRunner(session.Connection, session.Applier, session.Retry, new ServeRolloutOptions { ReadyTimeout = readyTimeout });
        return runner.DeployAsync(deployment, service, cancellationToken);
    }

    /// <summary>The labels every serve object of <paramref name="functionName"/> carries, whichever run or release applied it.</summary>
    public static string FunctionSelector(string functionName) =>
        $"app.kubernetes.io/name={functionName},app.kubernetes.io/component=serve,app.kubernetes.io/managed-by=pythonruntime";

    private static void Label(V1ObjectMeta metadata, string runId)
    {
        metadata.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
        metadata.Labels[RunIdLabel] = runId;
    }
}
