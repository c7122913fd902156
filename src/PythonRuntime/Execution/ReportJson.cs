using System.Text.Json;

namespace PythonRuntime.Execution;

/// <summary>How report files are written: indented, with characters such as '+' and non-ASCII text left readable.</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
