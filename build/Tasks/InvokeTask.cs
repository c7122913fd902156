using System.Text.Json.Nodes;
using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Execution.Http;

namespace PythonRuntime.Build.Tasks;

/// <summary>Calls a running service and prints the answer; fails unless the status is 2xx.</summary>
[TaskName("Invoke")]
[TaskDescription("Calls a service: --run=ID [--json=...|--data=...] [--method=POST] [--path=/] [--url=...] [--header=Name:value] [--query=k=v] [--result-file=PATH].")]
public sealed class InvokeTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var runId = context.Required("run", "3f2a9c");
        var request = new InvokeRequest
        {
            Method = context.Value("method") ?? "POST",
            Url = context.Value("url"),
            Path = context.Value("path") ?? "/",
            Json = context.Value("json") is { } json ? Json(json) : null,
            Data = context.Value("data") is { } data ? System.Text.Encoding.UTF8.GetBytes(data) : null,
            Headers = Headers(context.Values("header")),
            Query = CommandLineValues.TextPairs(context.Values("query"), "query"),
            Timeout = Timeout(context.Value("timeout")),
        };
        await using var service = await context.OpenRunServiceAsync().ConfigureAwait(false);
        var response = await service.InvokeAsync(runId, request, context.Stopping).ConfigureAwait(false);
        context.Log.Information("HTTP {0} {1}", response.Status, response.ContentType);
        context.Log.Information("{0}", response.Text);
        if (context.Value("result-file") is { } path)
        {
            var report = new JsonObject
            {
                ["status"] = response.Status,
                ["headers"] = new JsonObject(response.Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)JsonValue.Create(h.Value)))),
                ["body"] = response.Json is { } parsed ? JsonNode.Parse(parsed.GetRawText()) : JsonValue.Create(response.Text),
            };
            await AtomicFile.WriteAllTextAsync(Path.GetFullPath(path, context.Root), report.ToJsonString(ReportJson.Options) + "\n", CancellationToken.None).ConfigureAwait(false);
        }

        if (!response.IsSuccess)
        {
            throw new PythonRuntimeException(ExitCodes.RunFailed, $"The service answered HTTP {response.Status}.");
        }
    }

    private static TimeSpan Timeout(string? text)
    {
        if (text is null)
        {
            return TimeSpan.FromSeconds(30);
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new PythonRuntimeException(ExitCodes.Usage, $"The option --timeout='{text}' is not a positive number of seconds.");
    }

    private static System.Text.Json.JsonElement Json(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The option --json is not valid JSON: {ex.Message}");
        }
    }

    private static Dictionary<string, string> Headers(IEnumerable<string> values)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new PythonRuntimeException(ExitCodes.Usage, $"The option --header='{value}' is not of the form Name:value.");
            }

            headers[value[..colon].Trim()] = value[(colon + 1)..].Trim();
        }

        return headers;
    }
}
