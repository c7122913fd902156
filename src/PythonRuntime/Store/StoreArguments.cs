using System.Text.Json;

namespace PythonRuntime.Store;

/// <summary>Checks the values callers pass to the store, with errors that quote the value and give the rule.</summary>
internal static class StoreArguments
{
    public static void Project(string? project)
    {
        if (!EntityNames.IsProject(project))
        {
            throw StoreErrors.Usage($"'{project}' is not a valid project name; use {EntityNames.ProjectRule}.");
        }
    }

    public static void Name(string? name, string what)
    {
        if (!EntityNames.IsName(name))
        {
            throw StoreErrors.Usage($"'{name}' is not a valid {what} name; use {EntityNames.NameRule}.");
        }
    }

    public static void RunId(string? runId)
    {
        if (!EntityNames.IsId(runId))
        {
            throw StoreErrors.Usage($"'{runId}' is not a run id; a run id is {EntityNames.IdRule}.");
        }
    }

    public static void Format(string? format)
    {
        if (!EntityNames.IsFormat(format))
        {
            throw StoreErrors.Usage($"'{format}' is not a valid artifact format; use {EntityNames.FormatRule}.");
        }
    }

    /// <summary>The longest message kept with a transition or an error; the run's log has the full text.</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>Shortens an over-long message so one runaway exception text cannot bloat every listing.</summary>
    public static string? Message(string? message) =>
        message is null || message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength - 1), "…");

    /// <summary>Checks that <paramref name="json"/> is one well-formed JSON value, so the store never holds text no reader can parse.</summary>
    public static void Json(string? json, string what)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw StoreErrors.Usage($"the {what} is empty; pass the spec as JSON text.");
        }

        try
        {
            using var document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw StoreErrors.Usage($"the {what} is not valid JSON ({exception.Message}); pass the serialized spec.");
        }
    }
}
