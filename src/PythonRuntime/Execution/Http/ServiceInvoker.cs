using System.Net.Http.Headers;
using System.Text;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Execution.Http;

/// <summary>Sends <see cref="InvokeRequest"/>s to a served function over HTTP/1.1 with keep-alive.</summary>
public sealed class ServiceInvoker(HttpClient? client = null)
{
    private static readonly HttpClient Shared = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private readonly HttpClient _client = client ?? Shared;

    /// <summary>Calls the service at <paramref name="baseUrl"/> (unless the request names its own URL).</summary>
    /// <exception cref="PythonRuntimeException">The service cannot be reached or did not answer in time.</exception>
    public async Task<InvokeResponse> InvokeAsync(string baseUrl, InvokeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = BuildUri(request.Url ?? baseUrl, request.Path, request.Query);
        if (request.Method.Length == 0 || !request.Method.All(c => char.IsAsciiLetter(c) || c == '-'))
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The method '{request.Method}' is not an HTTP method; use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.");
        }

        if (request.Timeout <= TimeSpan.Zero)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The invoke timeout must be positive, not {request.Timeout.TotalSeconds} s.");
        }

        using var message = new HttpRequestMessage(new HttpMethod(request.Method.ToUpperInvariant()), uri);
        if (request.Json is { } json && request.Data is not null)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, "Give either json or data to invoke, not both.");
        }

        if (request.Json is { } body)
        {
            message.Content = new StringContent(body.GetRawText(), Encoding.UTF8, "application/json");
        }
        else if (request.Data is { } data)
        {
            message.Content = new ByteArrayContent(data);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.Remove(name);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(request.Timeout);
        try
        {
            using var response = await _client.SendAsync(message, limit.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(limit.Token).ConfigureAwait(false);
            var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                headers[header.Key.ToLowerInvariant()] = string.Join(", ", header.Value);
            }

            return new InvokeResponse((int)response.StatusCode, headers, bytes);
        }
        catch (HttpRequestException ex)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"The service at '{uri}' cannot be reached: {ex.Message}. Is it running? './build.sh --target=Runs' lists runs and their states.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"The service at '{uri}' did not answer within {request.Timeout.TotalSeconds:0.#} s.", ex);
        }
    }

    private static Uri BuildUri(string baseUrl, string path, IReadOnlyDictionary<string, string> query)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var root) || (root.Scheme != Uri.UriSchemeHttp && root.Scheme != Uri.UriSchemeHttps))
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The URL '{baseUrl}' is not an absolute http:// or https:// URL.");
        }

        var builder = new UriBuilder(root);
        if (path.Length > 0 && path != "/")
        {
            builder.Path = builder.Path.TrimEnd('/') + "/" + path.TrimStart('/');
        }

        if (query.Count > 0)
        {
            var existing = builder.Query.TrimStart('?');
            var added = string.Join('&', query.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
            builder.Query = existing.Length == 0 ? added : existing + "&" + added;
        }

        return builder.Uri;
    }
}
