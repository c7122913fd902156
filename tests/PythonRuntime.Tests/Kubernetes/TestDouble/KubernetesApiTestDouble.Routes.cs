using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <content>Routing of the API paths the executor uses: apply, get, list, watch, log, delete.</content>
internal sealed partial class KubernetesApiTestDouble
{
    private static readonly Dictionary<string, (string ApiVersion, string Kind)> Kinds = new(StringComparer.Ordinal)
    {
        ["jobs"] = ("batch/v1", "Job"),
        ["pods"] = ("v1", "Pod"),
        ["deployments"] = ("apps/v1", "Deployment"),
        ["services"] = ("v1", "Service"),
        ["configmaps"] = ("v1", "ConfigMap"),
        ["events"] = ("v1", "Event"),
    };

    private async Task RouteAsync(RecordedRequest request, HttpListenerResponse response)
    {
        if (!string.Equals(request.Authorization, $"Bearer {Token}", StringComparison.Ordinal))
        {
            await WriteJsonAsync(response, 401, Status(401, "Unauthorized", "Unauthorized")).ConfigureAwait(false);
            return;
        }

        if (TakeScripted(request) is { } canned)
        {
            if (canned.RetryAfter is not null)
            {
                response.AddHeader("Retry-After", canned.RetryAfter);
            }

            await WriteJsonAsync(response, canned.Status, Status(canned.Status, canned.Reason, $"scripted {canned.Status} {canned.Reason} from the test double")).ConfigureAwait(false);
            return;
        }

        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (request.Method == "GET" && segments is ["api", "v1", "nodes"])
        {
            var nodes = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "NodeList",
                ["metadata"] = new JsonObject { ["resourceVersion"] = Rv(Store.ResourceVersion) },
                ["items"] = new JsonArray([.. Nodes.Select(n => n.DeepClone())]),
            };
            await WriteJsonAsync(response, 200, nodes).ConfigureAwait(false);
            return;
        }

        var at = segments.Length > 0 && segments[0] == "api" ? 2 : 3;
        if (segments.Length < at + 3 || segments[at] != "namespaces" || !Kinds.ContainsKey(segments[at + 2]))
        {
            await WriteJsonAsync(response, 404, Status(404, "NotFound", $"the test double does not serve {request.Path}")).ConfigureAwait(false);
            return;
        }

        var ns = segments[at + 1];
        var resource = segments[at + 2];
        var name = segments.Length > at + 3 ? segments[at + 3] : null;
        var sub = segments.Length > at + 4 ? segments[at + 4] : null;
        var task = (request.Method, name, sub) switch
        {
            ("PATCH", not null, null) => ApplyAsync(request, response, resource, ns, name),
            ("GET", not null, "log") => LogAsync(request, response, ns, name),
            ("GET", not null, null) => GetAsync(response, resource, ns, name),
            ("GET", null, null) when request.IsWatch => WatchAsync(request, response, resource, ns),
            ("GET", null, null) => ListAsync(request, response, resource, ns),
            ("DELETE", not null, null) => DeleteAsync(request, response, resource, ns, name),
            _ => WriteJsonAsync(response, 405, Status(405, "MethodNotAllowed", $"{request.Method} {request.Path} is not served by the test double")),
        };
        await task.ConfigureAwait(false);
    }

    private async Task ApplyAsync(RecordedRequest request, HttpListenerResponse response, string resource, string ns, string name)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal))
        {
            await WriteJsonAsync(response, 415, Status(415, "UnsupportedMediaType", $"the test double only takes server-side apply, not '{request.ContentType}'")).ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrEmpty(request.Query["fieldManager"]))
        {
            await WriteJsonAsync(response, 400, Status(400, "BadRequest", "PATCH apply requests must have a fieldManager")).ConfigureAwait(false);
            return;
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(request.Body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            await WriteJsonAsync(response, 400, Status(400, "BadRequest", $"the body is not JSON: {e.Message}")).ConfigureAwait(false);
            return;
        }

        if (string.Equals(request.Query["dryRun"], "All", StringComparison.Ordinal))
        {
            await WriteJsonAsync(response, 200, body).ConfigureAwait(false);
            return;
        }

        body.Remove("status");
        var existing = Store.Get(resource, ns, name);
        var (merged, changed, specChanged) = Merge(resource, ns, body, existing, Services);
        if (!changed)
        {
            // Server-side apply of the same intent is a no-op: nothing is written, the resourceVersion stays.
            await WriteJsonAsync(response, 200, existing!).ConfigureAwait(false);
            return;
        }

        if (existing?["status"] is { } status)
        {
            merged["status"] = status.DeepClone();
        }

        var (stored, created) = Store.Put(resource, ns, name, merged);
        if (created && resource == "jobs")
        {
            StartJob(ns, name, stored);
        }

        AfterApply(resource, ns, name, stored, specChanged);

        await WriteJsonAsync(response, created ? 201 : 200, stored).ConfigureAwait(false);
    }

    private async Task GetAsync(HttpListenerResponse response, string resource, string ns, string name)
    {
        var found = Store.Get(resource, ns, name);
        await (found is null
            ? WriteJsonAsync(response, 404, Status(404, "NotFound", $"{resource} \"{name}\" not found"))
            : WriteJsonAsync(response, 200, found)).ConfigureAwait(false);
    }

    private async Task ListAsync(RecordedRequest request, HttpListenerResponse response, string resource, string ns)
    {
        var (items, rv) = Store.List(resource, ns, o => Selected(o, request));
        var (apiVersion, kind) = Kinds[resource];
        var list = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = Rv(rv) },
            ["items"] = new JsonArray([.. items]),
        };
        await WriteJsonAsync(response, 200, list).ConfigureAwait(false);
    }

    private async Task WatchAsync(RecordedRequest request, HttpListenerResponse response, string resource, string ns)
    {
        var close = false;
        if (resource == "jobs" && jobWatchSteps.TryDequeue(out var step))
        {
            switch (step)
            {
                case WatchStep.GoneResponse:
                    await WriteJsonAsync(response, 410, Status(410, "Expired", "too old resource version")).ConfigureAwait(false);
                    return;
                case WatchStep.GoneEvent:
                    response.SendChunked = true;
                    response.ContentType = "application/json";
                    await WriteLineAsync(response, new JsonObject { ["type"] = "ERROR", ["object"] = Status(410, "Expired", "too old resource version") }).ConfigureAwait(false);
                    return;
                case WatchStep.Reset:
                    response.Abort();
                    return;
                case WatchStep.DropEmpty:
                    response.SendChunked = true;
                    response.ContentType = "application/json";
                    await response.OutputStream.FlushAsync().ConfigureAwait(false);
                    return;
                case WatchStep.DropAfterProgress:
                    MarkJobsActive(ns, request);
                    close = true;
                    break;
            }
        }
        else
        {
            EndJobsSeenBy(resource, ns, request);
        }

        response.SendChunked = true;
        response.ContentType = "application/json";
        var after = long.TryParse(request.Query["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var rv) && rv > 0 ? rv : 0;
        if (after == 0)
        {
            // No resourceVersion: the current objects first, as ADDED events.
            var (items, now) = Store.List(resource, ns, o => Selected(o, request));
            foreach (var item in items)
            {
                await WriteLineAsync(response, new JsonObject { ["type"] = "ADDED", ["object"] = item }).ConfigureAwait(false);
            }

            after = now;
        }

        while (!stopping.IsCancellationRequested)
        {
            var signal = Store.Changed;
            foreach (var change in Store.EventsAfter(after, resource, ns, o => Selected(o, request)))
            {
                await WriteLineAsync(response, new JsonObject { ["type"] = change.Type, ["object"] = change.Object.DeepClone() }).ConfigureAwait(false);
                after = change.ResourceVersion;
            }

            if (close)
            {
                return;
            }

            await signal.WaitAsync(stopping.Token).ConfigureAwait(false);
        }
    }

    private async Task LogAsync(RecordedRequest request, HttpListenerResponse response, string ns, string name)
    {
        var pod = Store.Get("pods", ns, name);
        if (pod is null)
        {
            await WriteJsonAsync(response, 404, Status(404, "NotFound", $"pods \"{name}\" not found")).ConfigureAwait(false);
            return;
        }

        if (pod["status"]?["containerStatuses"]?[0]?["state"]?["waiting"] is { } waiting)
        {
            await WriteJsonAsync(response, 400, Status(400, "BadRequest", $"container is waiting to start: {waiting["reason"]}")).ConfigureAwait(false);
            return;
        }

        var lines = (Behaviour?.Log ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (int.TryParse(request.Query["tailLines"], NumberStyles.None, CultureInfo.InvariantCulture, out var tail) && tail < lines.Length)
        {
            lines = lines[^tail..];
        }

        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        response.StatusCode = 200;
        response.ContentType = "text/plain";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }

    private async Task DeleteAsync(RecordedRequest request, HttpListenerResponse response, string resource, string ns, string name)
    {
        var found = Store.Get(resource, ns, name);
        if (found is null || !Store.Delete(resource, ns, name))
        {
            await WriteJsonAsync(response, 404, Status(404, "NotFound", $"{resource} \"{name}\" not found")).ConfigureAwait(false);
            return;
        }

        if (resource == "jobs" && request.Query["propagationPolicy"] is "Background" or "Foreground")
        {
            foreach (var pod in Store.List("pods", ns, p => LabelOf(p, "job-name") == name).Items)
            {
                Store.Delete("pods", ns, pod["metadata"]!["name"]!.GetValue<string>());
            }
        }

        // The API server answers a Service delete with the deleted object (its registry sets ReturnDeletedObject), others with a Status.
        await WriteJsonAsync(response, 200, resource == "services" ? found : Status(200, string.Empty, $"{resource} \"{name}\" deleted")).ConfigureAwait(false);
    }

    private static async Task WriteLineAsync(HttpListenerResponse response, JsonObject watchEvent)
    {
        var bytes = Encoding.UTF8.GetBytes(watchEvent.ToJsonString() + "\n");
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        await response.OutputStream.FlushAsync().ConfigureAwait(false);
    }

    private static string? LabelOf(JsonObject value, string key) =>
        value["metadata"]?["labels"]?[key]?.GetValue<string>();

    /// <summary>Equality-based labelSelector; fieldSelector on metadata.name/namespace and, for events, involvedObject.name/kind, reason and type.</summary>
    private static bool Selected(JsonObject value, RecordedRequest request)
    {
        foreach (var term in Terms(request.Query["labelSelector"]))
        {
            if (LabelOf(value, term.Key) != term.Value)
            {
                return false;
            }
        }

        foreach (var term in Terms(request.Query["fieldSelector"]))
        {
            var actual = term.Key switch
            {
                "metadata.name" => value["metadata"]?["name"]?.GetValue<string>(),
                "metadata.namespace" => value["metadata"]?["namespace"]?.GetValue<string>(),
                "involvedObject.name" => value["involvedObject"]?["name"]?.GetValue<string>(),
                "involvedObject.kind" => value["involvedObject"]?["kind"]?.GetValue<string>(),
                "reason" => value["reason"]?.GetValue<string>(),
                "type" => value["type"]?.GetValue<string>(),
                _ => throw new NotSupportedException($"the test double does not support field selector '{term.Key}'"),
            };
            if (actual != term.Value)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<KeyValuePair<string, string>> Terms(string? selector) =>
        string.IsNullOrEmpty(selector)
            ? []
            : selector.Split(',').Select(t => t.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p.Length > 1 ? p[1] : string.Empty));
}
