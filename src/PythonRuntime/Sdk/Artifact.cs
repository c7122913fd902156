using System.Text.Json;
using PythonRuntime.Store;

namespace PythonRuntime.Sdk;

/// <summary>An output of a run, as the seed's <c>run.output(name)</c> returns it: its key and its stored file.</summary>
public sealed record Artifact(string Key, string Name, string Path, string Format, long Size, string Sha256)
{
    internal static Artifact From(ArtifactRecord record) =>
        new(record.Key.ToString(), record.Key.Name, record.Path, record.Format, record.Size, record.Sha256);

    /// <summary>Reads the stored bytes.</summary>
    public byte[] ReadAllBytes() => File.ReadAllBytes(Path);

    /// <summary>Parses the stored file as JSON (outputs in the <c>json</c> format).</summary>
    public JsonElement ReadJson()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path));
        return document.RootElement.Clone();
    }

    /// <summary>Gets the artifact as a dictionary, the seed's <c>as_dict=True</c> form.</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary() => new SortedDictionary<string, object?>(StringComparer.Ordinal)
    {
        ["key"] = Key,
        ["name"] = Name,
        ["path"] = Path,
        ["format"] = Format,
        ["size"] = Size,
        ["sha256"] = Sha256,
    };
}
