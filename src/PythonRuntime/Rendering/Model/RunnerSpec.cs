using System.Text.Encodings.Web;
using System.Text.Json;
using PythonRuntime.Specs;

namespace PythonRuntime.Rendering.Model;

/// <summary>
/// Writes <c>PYTHONRUNTIME_SPEC</c>, the JSON the runner reads at start: which function, which run, where the
/// code is, the handler, the run's parameters and inputs, and where to listen when serving. Maps are written
/// in key order so the same run always gives the same bytes.
/// </summary>
internal static class RunnerSpec
{
    public const string Host = "0.0.0.0";

    public static string Write(
        string project,
        string function,
        string version,
        string runId,
        string? codeSrc,
        FunctionSpec spec,
        RunSpec run)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("project", project);
            writer.WriteString("function", function);
            writer.WriteString("function_key", $"store://{project}/function/{function}:{version}");
            writer.WriteString("run_id", runId);
            writer.WriteString("run_key", $"store://{project}/run/{function}:{runId}");
            writer.WriteString("code_dir", ImageLayout.CodeDirectory);
            writer.WriteString("code_src", codeSrc);
            writer.WriteString("handler", spec.Handler);
            writer.WriteString("init_function", spec.InitFunction);
            WriteMap(writer, "init_parameters", run.InitParameters);
            WriteMap(writer, "parameters", run.Parameters);
            writer.WriteStartObject("inputs");
            foreach (var (key, value) in run.Inputs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            if (spec.Outputs is { } outputs)
            {
                writer.WriteStartArray("outputs");
                foreach (var output in outputs)
                {
                    writer.WriteStringValue(output);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteNull("outputs");
            }

            writer.WriteString("output_dir", ImageLayout.OutputDirectory);
            writer.WriteString("host", Host);
            writer.WriteNumber("port", ImageLayout.HttpPort);
            writer.WriteNumber("health_port", ImageLayout.HealthPort);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, JsonElement> values)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.WritePropertyName(key);
            if (value.ValueKind == JsonValueKind.Undefined)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }
}
