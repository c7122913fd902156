using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PythonRuntime.Rendering;

namespace PythonRuntime.Images;

/// <summary>
/// Everything that goes into an image: the rendered Dockerfile, every file of the build context by path and bytes,
/// the base image reference with its local id when known, and the build arguments. Its hash is the content tag, so
/// two builds with equal inputs make the same tag, and any change makes a new one.
/// </summary>
public sealed record ImageInputs(
    string DockerfileSha256,
    IReadOnlyDictionary<string, string> ContextFiles,
    string BaseImage,
    string? BaseImageId,
    IReadOnlyDictionary<string, string> BuildArguments)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Gets the prefix of every content tag.</summary>
    public const string ContentTagPrefix = "content-";

    /// <summary>Collects the inputs from a rendered function (its <c>Dockerfile</c> and <c>context/</c> files).</summary>
    /// <param name="function">The rendered function.</param>
    /// <param name="baseImageId">The local id of the base image, or null when the engine does not have it yet.</param>
    /// <param name="buildArguments">Build argument names with a fingerprint of their values (never the values).</param>
    public static ImageInputs From(RenderedFunction function, string? baseImageId, IReadOnlyDictionary<string, string> buildArguments)
    {
        ArgumentNullException.ThrowIfNull(function);
        var dockerfile = function.Files.Single(f => f.RelativePath == function.Name + "/Dockerfile");
        var contextPrefix = function.Name + "/context/";
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in function.Files.Where(f => f.RelativePath.StartsWith(contextPrefix, StringComparison.Ordinal)))
        {
            files[file.RelativePath[contextPrefix.Length..]] = file.Sha256;
        }

        return new ImageInputs(
            dockerfile.Sha256,
            files,
            BaseImageOf(function.Text("Dockerfile")),
            baseImageId,
            new SortedDictionary<string, string>(buildArguments.ToDictionary(), StringComparer.Ordinal));
    }

    /// <summary>Gets the content tag: <c>content-</c> and the first 20 hex digits of the inputs' SHA-256.</summary>
    public string ContentTag => ContentTagPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())))[..20];

    /// <summary>Gets the canonical JSON of the inputs (sorted keys), as kept in the store.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["base_image"] = BaseImage,
            ["base_image_id"] = BaseImageId,
            ["build_args"] = BuildArguments,
            ["context"] = ContextFiles,
            ["dockerfile"] = DockerfileSha256,
        },
        Json);

    /// <summary>Reads inputs back from <see cref="ToJson"/>; null when the text is not such a document.</summary>
    public static ImageInputs? FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new ImageInputs(
                root.GetProperty("dockerfile").GetString() ?? string.Empty,
                Strings(root.GetProperty("context")),
                root.GetProperty("base_image").GetString() ?? string.Empty,
                root.GetProperty("base_image_id").GetString(),
                Strings(root.GetProperty("build_args")));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Says which inputs differ from <paramref name="previous"/>, for the log line of a rebuild.</summary>
    public IReadOnlyList<string> ChangesSince(ImageInputs previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var changes = new List<string>();
        if (DockerfileSha256 != previous.DockerfileSha256)
        {
            changes.Add("the Dockerfile changed");
        }

        if (BaseImage != previous.BaseImage)
        {
            changes.Add($"the base image changed from {previous.BaseImage} to {BaseImage}");
        }
        else if (BaseImageId != previous.BaseImageId)
        {
            changes.Add($"the base image {BaseImage} now has another id");
        }

        foreach (var (path, sha) in ContextFiles)
        {
            if (!previous.ContextFiles.TryGetValue(path, out var before))
            {
                changes.Add($"{path} was added");
            }
            else if (before != sha)
            {
                changes.Add($"{path} changed");
            }
        }

        changes.AddRange(previous.ContextFiles.Keys.Where(path => !ContextFiles.ContainsKey(path)).Select(path => $"{path} was removed"));
        foreach (var name in BuildArguments.Keys.Union(previous.BuildArguments.Keys).Where(name => BuildArguments.GetValueOrDefault(name) != previous.BuildArguments.GetValueOrDefault(name)))
        {
            changes.Add($"the build argument {name} changed");
        }

        return changes;
    }

    private static string BaseImageOf(string dockerfile)
    {
        foreach (var line in dockerfile.Split('\n'))
        {
            if (line.StartsWith("FROM ", StringComparison.Ordinal))
            {
                return line[5..].Trim();
            }
        }

        throw new InvalidOperationException("the rendered Dockerfile has no FROM line.");
    }

    private static SortedDictionary<string, string> Strings(JsonElement element)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            map[property.Name] = property.Value.GetString() ?? string.Empty;
        }

        return map;
    }
}
