using System.Net;
using System.Net.Http.Headers;

namespace PythonRuntime.Images;

/// <summary>
/// Asks a registry (the distribution HTTP API) whether a tag exists and which digest it has, without pulling.
/// Loopback registries are spoken to over plain HTTP, as the docker engine does; others over HTTPS. A registry that
/// wants credentials for reading answers "unknown", and the caller falls back to pushing.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    private readonly HttpClient _http;

    /// <summary>Creates a client with a short timeout: the question is only ever an optimisation.</summary>
    public RegistryClient(TimeSpan? timeout = null)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = true }) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
    }

    /// <summary>Gets the digest of <paramref name="repository"/>:<paramref name="tag"/> in its registry, or null when absent or unknown.</summary>
    public async Task<string?> DigestAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        var (registry, path) = ImageName.Split(repository);
        var scheme = IsLoopback(registry) ? "http" : "https";
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"{scheme}://{registry}/v2/{path}/manifests/{tag}"));
        foreach (var type in ManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    /// <summary>Gets a value indicating whether the registry host is a loopback address (spoken to over HTTP).</summary>
    public static bool IsLoopback(string registry)
    {
        var host = registry;
        if (host.StartsWith('['))
        {
            host = host[1..host.IndexOf(']', StringComparison.Ordinal)];
        }
        else if (host.LastIndexOf(':') is var colon and > 0)
        {
            host = host[..colon];
        }

        return host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
