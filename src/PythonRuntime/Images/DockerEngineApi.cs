using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace PythonRuntime.Images;

/// <summary>
/// The two questions a no-op build asks most (does this image exist, add this tag) sent straight to the engine's
/// HTTP API on its Unix socket: a few milliseconds each instead of starting the docker CLI. Used only when the
/// engine is on a local socket (the address, else DOCKER_HOST, unset or unix://); otherwise callers use the CLI.
/// </summary>
internal sealed class DockerEngineApi : IDisposable
{
    private readonly HttpClient _http;

    private DockerEngineApi(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Gets a client for the local engine socket, or null when the engine is not on a readable local socket.</summary>
    /// <param name="address">The engine address given to the CLI (<c>--docker-host</c>); null reads <c>DOCKER_HOST</c>.</param>
    public static DockerEngineApi? TryCreate(string? address)
    {
        var host = address ?? Environment.GetEnvironmentVariable("DOCKER_HOST");
        var path = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : null;
        return path is not null && !OperatingSystem.IsWindows() && File.Exists(path) ? new DockerEngineApi(path) : null;
    }

    /// <summary>Gets a value indicating whether the engine answers its ping; throws <see cref="HttpRequestException"/> when it cannot be reached.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri("_ping", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Gets the image id, null when the engine has no such image; throws <see cref="HttpRequestException"/> when the engine does not answer.</summary>
    public async Task<string?> ImageIdAsync(string reference, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"images/{Uri.EscapeDataString(reference)}/json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var document = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken).ConfigureAwait(false);
        return document?.RootElement.GetProperty("Id").GetString();
    }

    /// <summary>Tags <paramref name="source"/> as <paramref name="repository"/>:<paramref name="tag"/>; false when the engine refused.</summary>
    public async Task<bool> TagAsync(string source, string repository, string tag, CancellationToken cancellationToken)
    {
        var uri = new Uri($"images/{Uri.EscapeDataString(source)}/tag?repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}", UriKind.Relative);
        using var response = await _http.PostAsync(uri, null, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    public void Dispose() => _http.Dispose();
}
