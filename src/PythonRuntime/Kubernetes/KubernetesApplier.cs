using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// Server-side apply of the rendered objects, sent as JSON with the fixed field manager <see cref="FieldManager"/> and
/// <c>fieldValidation=Strict</c>. Force is used only when asked; an ownership conflict is an error that names
/// <c>--force-conflicts</c>. Every call goes through <see cref="ApiRetry"/>.
/// </summary>
public sealed class KubernetesApplier
{
    /// <summary>The field manager recorded in <c>metadata.managedFields</c> for everything the toolkit applies.</summary>
    public const string FieldManager = "pythonruntime";

    /// <summary>Unknown or duplicate fields are errors, not silently dropped.</summary>
    public const string FieldValidation = "Strict";

    private readonly KubernetesConnection connection;
    private readonly ApiRetry retry;
    private readonly ApplyOptions options;

    public KubernetesApplier(KubernetesConnection connection, ApiRetry retry, ApplyOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(options);
        this.connection = connection;
        this.retry = retry;
        this.options = options;
    }

    /// <summary>Applies a Job and returns the object the server stored.</summary>
    public Task<V1Job> ApplyAsync(V1Job job, CancellationToken cancellationToken)
    {
        var (name, patch) = Prepare(job, "batch/v1", "Job");
        return ApplyAsync("Job", name, ct => connection.Client.BatchV1.PatchNamespacedJobAsync(
            patch, name, connection.Namespace, DryRunValue, FieldManager, FieldValidation, ForceValue, cancellationToken: ct), cancellationToken);
    }

    /// <summary>Applies a Deployment and returns the object the server stored.</summary>
    public Task<V1Deployment> ApplyAsync(V1Deployment deployment, CancellationToken cancellationToken)
    {
        var (name, patch) = Prepare(deployment, "apps/v1", "Deployment");
        return ApplyAsync("Deployment", name, ct => connection.Client.AppsV1.PatchNamespacedDeploymentAsync(
            patch, name, connection.Namespace, DryRunValue, FieldManager, FieldValidation, ForceValue, cancellationToken: ct), cancellationToken);
    }

    /// <summary>Applies a Service and returns the object the server stored.</summary>
    public Task<V1Service> ApplyAsync(V1Service service, CancellationToken cancellationToken)
    {
        var (name, patch) = Prepare(service, "v1", "Service");
        return ApplyAsync("Service", name, ct => connection.Client.CoreV1.PatchNamespacedServiceAsync(
            patch, name, connection.Namespace, DryRunValue, FieldManager, FieldValidation, ForceValue, cancellationToken: ct), cancellationToken);
    }

    /// <summary>Applies a ConfigMap (the in-cluster build context) and returns the object the server stored.</summary>
    public Task<V1ConfigMap> ApplyAsync(V1ConfigMap configMap, CancellationToken cancellationToken)
    {
        var (name, patch) = Prepare(configMap, "v1", "ConfigMap");
        return ApplyAsync("ConfigMap", name, ct => connection.Client.CoreV1.PatchNamespacedConfigMapAsync(
            patch, name, connection.Namespace, DryRunValue, FieldManager, FieldValidation, ForceValue, cancellationToken: ct), cancellationToken);
    }

    private string? DryRunValue => options.DryRun ? "All" : null;

    private bool? ForceValue => options.ForceConflicts ? true : null;

    private (string Name, V1Patch Patch) Prepare<T>(T value, string apiVersion, string kind)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = value.Metadata?.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"The {kind} to apply has no metadata.name; render it first.", nameof(value));
        }

        var ns = value.Metadata!.NamespaceProperty;
        if (ns is not null && !string.Equals(ns, connection.Namespace, StringComparison.Ordinal))
        {
            throw new PythonRuntimeException(
                ExitCodes.Usage,
                $"{kind} '{name}' was rendered for namespace '{ns}' but the connection uses namespace '{connection.Namespace}'. Render again with --namespace={connection.Namespace} or connect with --namespace={ns}.");
        }

        // Apply needs apiVersion and kind in the body; the typed models leave them null when built in code.
        value.ApiVersion ??= apiVersion;
        value.Kind ??= kind;
        return (name, new V1Patch(value, V1Patch.PatchType.ApplyPatch));
    }

    private async Task<T> ApplyAsync<T>(string kind, string name, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync($"apply {kind} {connection.Namespace}/{name}", call, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            throw new PythonRuntimeException(
                ExitCodes.Environment,
                $"Applying {kind} '{connection.Namespace}/{name}' conflicts with fields another field manager owns ({ApiRetry.Describe(e)}). Someone changed it outside pythonruntime (for example with kubectl edit); run again with --force-conflicts to take the fields over.",
                e);
        }
        catch (HttpOperationException e) when (e.Response is not null)
        {
            throw new PythonRuntimeException(
                ExitCodes.Environment,
                $"The cluster rejected {kind} '{connection.Namespace}/{name}': {ApiRetry.Describe(e)}. {Hint(e.Response.StatusCode)}",
                e);
        }
    }

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "Check the credentials of the kubeconfig context.",
        HttpStatusCode.Forbidden => "Check that the account may patch this kind in the namespace (RBAC).",
        HttpStatusCode.NotFound => "Check that the namespace exists.",
        HttpStatusCode.UnprocessableEntity => "The object is invalid for this cluster; for a Job of an earlier run, use a new run id.",
        _ => "Fix the cause above and run again.",
    };
}
