using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>
/// A TEST DOUBLE of the Kubernetes API server, in process on 127.0.0.1 (HttpListener). It speaks just enough of the API
/// for the Kubernetes executor: server-side apply PATCH (content type <c>application/apply-patch+yaml</c>, required
/// <c>fieldManager</c>), get and list with label/field selectors, watch (chunked JSON lines) from a resourceVersion, pod
/// logs and deletes. Jobs are "run" by a scripted <see cref="JobBehaviour"/>; canned errors (409, 429 with Retry-After,
/// 5xx) and watch faults (drop, 410 Gone) are scripted per test. Every request is recorded.
/// </summary>
internal sealed partial class KubernetesApiTestDouble : IAsyncDisposable
{
    public const string Token = "test-double-token";

    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly List<ScriptedResponse> scripted = [];
    private readonly ConcurrentQueue<WatchStep> jobWatchSteps = new();
    private readonly ConcurrentDictionary<string, bool> endedJobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> endedAt = new(StringComparer.Ordinal);
    private readonly Task serving;

    private KubernetesApiTestDouble(int port)
    {
        Port = port;
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public ApiObjectStore Store { get; } = new();

    /// <summary>Gets or sets how Jobs applied to the double end; null leaves them running forever.</summary>
    public JobBehaviour? Behaviour { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public static KubernetesApiTestDouble Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                return new KubernetesApiTestDouble(port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between the probe and the listener; pick another.
            }
        }
    }

    /// <summary>Returns <paramref name="status"/> to the next <paramref name="times"/> requests that match.</summary>
    public void Respond(Func<RecordedRequest, bool> match, int status, string reason, string? retryAfter = null, int times = 1)
    {
        lock (scripted)
        {
            scripted.Add(new ScriptedResponse(match, status, reason, retryAfter, times));
        }
    }

    /// <summary>Plays <paramref name="steps"/> on the next Job watches, before the scripted ending happens.</summary>
    public void ScriptJobWatches(params WatchStep[] steps)
    {
        foreach (var step in steps)
        {
            jobWatchSteps.Enqueue(step);
        }
    }

    /// <summary>Writes a kubeconfig for the double: context <c>double</c> (namespace <paramref name="ns"/>) and a context <c>elsewhere</c>.</summary>
    public string WriteKubeconfig(string folder, string currentContext = "double", string ns = "demo")
    {
        var path = Path.Combine(folder, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: {currentContext}
            clusters:
              - name: double
                cluster:
                  server: {BaseAddress}
              - name: elsewhere
                cluster:
                  server: http://127.0.0.1:9
            users:
              - name: tester
                user:
                  token: {Token}
            contexts:
              - name: double
                context:
                  cluster: double
                  user: tester
                  namespace: {ns}
              - name: elsewhere
                context:
                  cluster: elsewhere
                  user: tester
            """);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        // Close only, never Stop and then Close: after Stop, the managed HttpListener's Close binds the port again
        // to remove its prefix, and fails with "Address already in use" when another process took the port meanwhile.
        listener.Close();
        try
        {
            await serving.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the accept loop.
        }
        stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var request = await RecordAsync(context.Request).ConfigureAwait(false);
            await RouteAsync(request, context.Response).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away (a cancelled watch) or the double stopped.
        }
        finally
        {
            try
            {
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Already closed.
            }
        }
    }

    private async Task<RecordedRequest> RecordAsync(HttpListenerRequest request)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        var recorded = new RecordedRequest(
            request.HttpMethod,
            request.Url!.AbsolutePath,
            HttpUtility.ParseQueryString(request.Url.Query),
            request.ContentType,
            body,
            request.Headers["Authorization"]);
        requests.Enqueue(recorded);
        return recorded;
    }

    private ScriptedResponse? TakeScripted(RecordedRequest request)
    {
        lock (scripted)
        {
            var found = scripted.FirstOrDefault(s => s.Matches(request));
            if (found is not null)
            {
                found.Remaining--;
            }

            return found;
        }
    }

    private static async Task WriteJsonAsync(HttpListenerResponse response, int status, JsonNode body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = code < 400 ? "Success" : "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static string Rv(long value) => value.ToString(CultureInfo.InvariantCulture);
}
