using System.Text.Json;
using System.Text.Json.Nodes;
using PythonRuntime.Loading;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// The JSON form of a run that <c>--result-file</c> writes, with snake_case keys: <c>id</c>, <c>key</c>,
/// <c>project</c>, <c>function</c>, <c>function_key</c>, <c>action</c>, <c>executor</c>, <c>state</c>,
/// <c>transitions</c>, <c>results</c>, <c>outputs</c> (name to entity key), <c>error</c> and, for serve, <c>service</c>.
/// </summary>
public static class RunReport
{
    public static JsonObject ToJson(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var results = new JsonObject();
        foreach (var (name, value) in run.Results.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            results[name] = JsonNode.Parse(value.GetRawText());
        }

        var outputs = new JsonObject();
        foreach (var (name, key) in run.Outputs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            outputs[name] = key;
        }

        var transitions = new JsonArray();
        foreach (var transition in run.Transitions)
        {
            transitions.Add(new JsonObject
            {
                ["state"] = RunStates.ToText(transition.State),
                ["time"] = transition.AtUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["message"] = transition.Message,
            });
        }

        var report = new JsonObject
        {
            ["id"] = run.Id,
            ["key"] = run.Key.ToString(),
            ["project"] = run.Project,
            ["function"] = run.FunctionName,
            ["function_key"] = new EntityKey(run.Project, EntityKind.Function, run.FunctionName, run.FunctionId).ToString(),
            ["action"] = Spellings.Of(run.Action),
            ["executor"] = run.Executor.ToString().ToLowerInvariant(),
            ["state"] = RunStates.ToText(run.State),
            ["orphaned"] = run.IsOrphaned,
            ["transitions"] = transitions,
            ["results"] = results,
            ["outputs"] = outputs,
            ["error"] = run.Error is { } error ? new JsonObject { ["type"] = error.Type, ["message"] = error.Message, ["category"] = error.Category } : null,
        };
        if (run.Service is { } service)
        {
            report["service"] = new JsonObject { ["url"] = service.Url, ["health_url"] = service.HealthUrl, ["pid"] = service.ProcessId };
        }

        return report;
    }

    /// <summary>Writes the report of <paramref name="run"/> to <paramref name="path"/> atomically.</summary>
    public static Task WriteAsync(RunRecord run, string path, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(path, ToJson(run).ToJsonString(ReportJson.Options) + "\n", cancellationToken);
}
