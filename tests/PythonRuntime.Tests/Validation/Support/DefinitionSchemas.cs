using System.Text.Json;
using Json.Schema;
using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;

namespace PythonRuntime.Tests.Validation.Support;

/// <summary>
/// The JSON Schemas of <c>schemas/</c>, built once, and a way to check a YAML file against the right one:
/// the file is read by the toolkit's strict reader and converted with <see cref="DocJson"/>, which types
/// plain scalars by the YAML 1.2 core schema exactly as binding does.
/// </summary>
internal static class DefinitionSchemas
{
    private static readonly Lazy<(JsonSchema Function, JsonSchema Project)> Built = new(Build);

    /// <summary>Gets the schema problems of the definition file at <paramref name="path"/> (empty when it conforms).</summary>
    public static IReadOnlyList<string> Problems(string path)
    {
        var diagnostics = new DiagnosticBag();
        var node = new StrictYamlReader().ReadFileAsync(path, path, diagnostics, CancellationToken.None).GetAwaiter().GetResult();
        if (node is null)
        {
            return diagnostics.Items.Select(d => $"unreadable: {d}").ToArray();
        }

        var schema = Path.GetFileName(path) == "project.yaml" ? Built.Value.Project : Built.Value.Function;
        var result = schema.Evaluate(DocJson.ToJson(node), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var problems = (result.Details ?? [])
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Key}: {error.Value}"))
            .ToArray();
        return problems.Length > 0 ? problems : ["invalid (no detail)"];
    }

    private static (JsonSchema, JsonSchema) Build()
    {
        // Built from text with an explicit file URI: relative $refs ("common.schema.json#/$defs/name") then
        // resolve exactly as an editor resolves them next to the file.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        Load("common.schema.json", options);
        return (Load("function.schema.json", options), Load("project.schema.json", options));
    }

    private static JsonSchema Load(string name, BuildOptions options)
    {
        var path = Path.Combine(TestPaths.Schemas, name);
        // An explicit file:// URI: a bare Unix path confuses JsonSchema.Net's relative resolution.
        return JsonSchema.FromText(File.ReadAllText(path), options, new Uri("file://" + path));
    }
}
