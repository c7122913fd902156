using System.Text;
using System.Text.Json;

namespace PythonRuntime.Execution.Http;

/// <summary>What a served function answered: status, headers (lower-case names) and the raw body.</summary>
public sealed record InvokeResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>Gets the content type without parameters, or an empty string.</summary>
    public string ContentType =>
        Headers.TryGetValue("content-type", out var value) ? value.Split(';')[0].Trim().ToLowerInvariant() : string.Empty;

    /// <summary>Gets whether the status is 2xx.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Gets the body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>Gets the body parsed as JSON when the content type says JSON and it parses; otherwise null.</summary>
    public JsonElement? Json
    {
        get
        {
            if (!ContentType.EndsWith("json", StringComparison.Ordinal) || Body.Length == 0)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
