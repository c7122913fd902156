using k8s;
using k8s.Exceptions;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// A client for one cluster and namespace. The kubeconfig is only read: the selected context is passed to the
/// client, the file's <c>current-context</c> is never changed.
/// </summary>
public sealed class KubernetesConnection : IDisposable
{
    private KubernetesConnection(IKubernetes client, string @namespace, string source, string? context)
    {
        Client = client;
        Namespace = @namespace;
        Source = source;
        Context = context;
    }

    /// <summary>Gets the API client.</summary>
    public IKubernetes Client { get; }

    /// <summary>Gets the namespace every object is applied to.</summary>
    public string Namespace { get; }

    /// <summary>Gets where the configuration came from: a kubeconfig path or <c>in-cluster</c>.</summary>
    public string Source { get; }

    /// <summary>Gets the kubeconfig context in use; null in-cluster.</summary>
    public string? Context { get; }

    /// <summary>Builds a connection from the options, in the order --kubeconfig, KUBECONFIG, ~/.kube/config, in-cluster.</summary>
    public static KubernetesConnection Create(KubernetesConnectionOptions options, params DelegatingHandler[] handlers)
    {
        ArgumentNullException.ThrowIfNull(options);
        var @namespace = ChooseNamespace(options);
        var path = FindKubeconfig(options);
        if (path is null)
        {
            if (!options.IsInCluster())
            {
                throw new PythonRuntimeException(
                    ExitCodes.Environment,
                    $"No Kubernetes configuration found: no --kubeconfig, KUBECONFIG is not set and '{Path.Combine(options.HomeFolder, ".kube", "config")}' does not exist, and this is not a pod in a cluster. Pass --kubeconfig=PATH or set KUBECONFIG.");
            }

            if (options.Context is not null)
            {
                throw new PythonRuntimeException(
                    ExitCodes.Usage,
                    $"--context='{options.Context}' needs a kubeconfig file, but none was found and the in-cluster configuration has no contexts. Pass --kubeconfig=PATH or leave out --context.");
            }

            return new KubernetesConnection(new k8s.Kubernetes(KubernetesClientConfiguration.InClusterConfig(), handlers), @namespace, "in-cluster", null);
        }

        var config = ReadKubeconfig(path, options.Context);
        return new KubernetesConnection(new k8s.Kubernetes(config, handlers), @namespace, path, config.CurrentContext);
    }

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();

    private static string ChooseNamespace(KubernetesConnectionOptions options)
    {
        var chosen = options.Namespace ?? options.ProjectNamespace ?? "default";
        var problem = PythonRuntime.Validation.KubernetesNames.DnsLabel(chosen);
        if (problem is not null)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"Namespace '{chosen}' {problem}. Pass a valid --namespace.");
        }

        return chosen;
    }

    private static string? FindKubeconfig(KubernetesConnectionOptions options)
    {
        if (!string.IsNullOrEmpty(options.KubeconfigPath))
        {
            if (!File.Exists(options.KubeconfigPath))
            {
                throw new PythonRuntimeException(
                    ExitCodes.Usage,
                    $"Kubeconfig '{options.KubeconfigPath}' given with --kubeconfig does not exist. Check the path.");
            }

            return Path.GetFullPath(options.KubeconfigPath);
        }

        var fromEnvironment = options.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            // KUBECONFIG may list several files; the first one that exists is used (merging is not supported).
            var first = fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists);
            return first is null
                ? throw new PythonRuntimeException(
                    ExitCodes.Environment,
                    $"KUBECONFIG='{fromEnvironment}' names no file that exists. Fix KUBECONFIG or pass --kubeconfig=PATH.")
                : Path.GetFullPath(first);
        }

        var home = Path.Combine(options.HomeFolder, ".kube", "config");
        return File.Exists(home) ? home : null;
    }

    private static KubernetesClientConfiguration ReadKubeconfig(string path, string? context)
    {
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);
        }
        catch (KubeConfigException e) when (context is not null && e.Message.Contains(context, StringComparison.Ordinal))
        {
            throw new PythonRuntimeException(
                ExitCodes.Usage,
                $"Context '{context}' given with --context is not in kubeconfig '{path}'. List the contexts with 'kubectl config get-contexts --kubeconfig={path}'.",
                e);
        }
        catch (Exception e) when (e is KubeConfigException or KubernetesClientException or IOException or YamlDotNet.Core.YamlException)
        {
            throw new PythonRuntimeException(
                ExitCodes.Environment,
                $"Kubeconfig '{path}' cannot be used: {e.Message} Fix the file or pass another with --kubeconfig=PATH.",
                e);
        }
    }
}
