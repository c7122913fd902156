using System.Text.Json;

namespace PythonRuntime.Store;

/// <summary>Checks what callers pass when they complete a run or describe its service, before any transaction starts.</summary>
internal static class RunArguments
{
    public static List<(string Name, string Json)> Results(string runId, IReadOnlyDictionary<string, JsonElement> results)
    {
        var rows = new List<(string, string)>(results.Count);
        foreach (var (name, value) in results)
        {
            StoreArguments.Name(name, "result");
            if (value.ValueKind == JsonValueKind.Undefined)
            {
                throw StoreErrors.Invalid($"result '{name}' of run '{runId}' has no value; pass a JSON value (null is fine).");
            }

            rows.Add((name, value.GetRawText()));
        }

        return rows;
    }

    public static List<(string Name, EntityKey Key)> Outputs(string runId, IReadOnlyDictionary<string, string> outputs)
    {
        var keys = new List<(string, EntityKey)>(outputs.Count);
        foreach (var (name, text) in outputs)
        {
            StoreArguments.Name(name, "output");
            if (!EntityKey.TryParse(text, out var key, out var problem))
            {
                throw StoreErrors.Usage($"output '{name}' of run '{runId}' is '{text}', which is not an entity key: {problem}; expected {EntityKey.Grammar}.");
            }

            keys.Add((name, key));
        }

        return keys;
    }

    public static RunError Error(string runId, RunError error)
    {
        if (string.IsNullOrWhiteSpace(error.Type) || string.IsNullOrWhiteSpace(error.Category))
        {
            throw StoreErrors.Invalid($"the error of run '{runId}' needs a type and a category (got type '{error.Type}', category '{error.Category}').");
        }

        return error with { Message = StoreArguments.Message(error.Message) ?? string.Empty };
    }

    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
