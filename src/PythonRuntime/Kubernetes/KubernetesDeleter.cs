using System.Net;
using k8s;
using k8s.Autorest;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// Deletes what pythonruntime applied, found by labels: list each kind with the label selector, then delete every
/// object by name (as <c>kubectl delete -l</c> does; Services have no delete-collection in every cluster version).
/// An object already gone counts as deleted.
/// </summary>
public sealed class KubernetesDeleter
{
    private readonly KubernetesConnection connection;
    private readonly ApiRetry retry;

    public KubernetesDeleter(KubernetesConnection connection, ApiRetry retry)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(retry);
        this.connection = connection;
        this.retry = retry;
    }

    /// <summary>Deletes the Deployments and Services that match <paramref name="labelSelector"/>; returns "Kind/name" of each.</summary>
    public async Task<IReadOnlyList<string>> DeleteServeAsync(string labelSelector, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelSelector);
        var ns = connection.Namespace;
        var apps = connection.Client.AppsV1;
        var core = connection.Client.CoreV1;
        var deleted = new List<string>();
        var deployments = await ListAsync("Deployments", labelSelector, ct => apps.ListNamespacedDeploymentAsync(ns, labelSelector: labelSelector, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        foreach (var name in deployments.Items.Select(d => d.Metadata.Name))
        {
            // Background propagation: the ReplicaSets and pods go after the Deployment, without blocking this call.
            await DeleteAsync("Deployment", name, ct => apps.DeleteNamespacedDeploymentAsync(name, ns, propagationPolicy: "Background", cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            deleted.Add($"Deployment/{name}");
        }

        var services = await ListAsync("Services", labelSelector, ct => core.ListNamespacedServiceAsync(ns, labelSelector: labelSelector, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        foreach (var name in services.Items.Select(s => s.Metadata.Name))
        {
            await DeleteAsync("Service", name, ct => core.DeleteNamespacedServiceAsync(name, ns, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            deleted.Add($"Service/{name}");
        }

        return deleted;
    }

    /// <summary>Deletes one ConfigMap by name; a missing one is not an error.</summary>
    public Task DeleteConfigMapAsync(string name, CancellationToken cancellationToken) =>
        DeleteAsync("ConfigMap", name, ct => connection.Client.CoreV1.DeleteNamespacedConfigMapAsync(name, connection.Namespace, cancellationToken: ct), cancellationToken);

    private async Task<T> ListAsync<T>(string kinds, string labelSelector, Func<CancellationToken, Task<T>> list, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync($"list {kinds} {connection.Namespace}/{labelSelector}", list, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response is not null)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"Listing {kinds} with labels '{labelSelector}' in namespace '{connection.Namespace}' failed: {ApiRetry.Describe(e)}. Check that the account may list and delete them (RBAC).", e);
        }
    }

    private async Task DeleteAsync<T>(string kind, string name, Func<CancellationToken, Task<T>> delete, CancellationToken cancellationToken)
    {
        try
        {
            await retry.ExecuteAsync($"delete {kind} {connection.Namespace}/{name}", delete, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            // Someone deleted it between the list and the delete; the goal is reached.
        }
        catch (HttpOperationException e) when (e.Response is not null)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"Deleting {kind} '{connection.Namespace}/{name}' failed: {ApiRetry.Describe(e)}. Check that the account may delete it (RBAC), then run again.", e);
        }
    }
}
