using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PythonRuntime.Rendering.Context;

/// <summary>
/// Writes <c>context.manifest</c>: every file that goes into the image (path below <c>context/</c>, size,
/// SHA-256), sorted, plus where the code came from and a digest over the whole list that changes exactly
/// when the image's inputs change.
/// </summary>
internal static class ContextManifest
{
    public const string Format = "pythonruntime.build-context/v1";

    public const string RemoteNote =
        "code_src is remote and is not fetched at render time; the image holds no function code until a build step fetches it.";

    /// <summary>Gets the digest of a context: SHA-256 over one '&lt;sha256&gt;  &lt;path&gt;\n' line per file, in path order.</summary>
    public static string Digest(BuildContext context) => Digest(context.Files.Select(file => (file.Path, Hash(file))));

    private static string Digest(IEnumerable<(string Path, string Sha256)> files)
    {
        var builder = new StringBuilder();
        foreach (var (path, sha256) in files)
        {
            builder.Append(sha256).Append("  ").Append(path).Append('\n');
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static string Hash(ContextFile file) => Convert.ToHexStringLower(SHA256.HashData(file.Content));

    public static byte[] Write(string function, string project, BuildContext context)
    {
        var hashes = context.Files.Select(file => (file.Path, Sha256: Hash(file), Size: file.Content.LongLength)).ToList();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteString("function", function);
            writer.WriteString("project", project);
            writer.WriteString("dockerfile", "Dockerfile");
            writer.WriteString("context", "context");
            writer.WriteStartObject("code");
            writer.WriteString("kind", context.Kind.ToString().ToLowerInvariant());
            writer.WriteString("source", context.Source);
            writer.WriteString("code_src", context.CodeSrc);
            writer.WriteBoolean("in_context", context.CodeInContext);
            if (context.RemoteUri is { } uri)
            {
                writer.WriteString("uri", uri);
                writer.WriteBoolean("fetched", false);
                writer.WriteString("note", RemoteNote);
            }

            writer.WriteEndObject();
            writer.WriteString("digest", Digest(hashes.Select(file => (file.Path, file.Sha256))));
            writer.WriteStartArray("files");
            foreach (var (path, sha256, size) in hashes)
            {
                writer.WriteStartObject();
                writer.WriteString("path", path);
                writer.WriteNumber("size", size);
                writer.WriteString("sha256", sha256);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
