using System.Security.Cryptography;
using System.Text;

namespace PythonRuntime.Rendering.Output;

/// <summary>
/// The completion marker of one function's render: <c>&lt;output&gt;/&lt;function&gt;/.pythonruntime-render.done</c> lists
/// the sha256 and path of every file the render wrote for the function. A render deletes it before its first rename
/// and writes it after its last, so each file is always its old or its new version, and the marker says whether the
/// folder holds one complete render. Anything that consumes the folder (an image build) checks <see cref="IsComplete"/>
/// first; a render that was killed midway is repaired by rendering again.
/// </summary>
public static class RenderCompletion
{
    /// <summary>The marker's file name inside a function's output folder.</summary>
    public const string FileName = ".pythonruntime-render.done";

    /// <summary>Gets whether <paramref name="functionFolder"/> holds a complete render: the marker exists and every file it lists has its bytes.</summary>
    public static bool IsComplete(string functionFolder)
    {
        var marker = Path.Combine(functionFolder, FileName);
        if (!File.Exists(marker))
        {
            return false;
        }

        foreach (var line in File.ReadAllLines(marker))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var path = Path.Combine(functionFolder, line[(space + 1)..]);
            if (space <= 0 || !File.Exists(path) || !string.Equals(Hash(File.ReadAllBytes(path)), line[..space], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gets the marker text for <paramref name="function"/>: one <c>sha256 path</c> line per file, in path order.</summary>
    internal static string Describe(RenderedFunction function)
    {
        var prefix = function.Name + "/";
        var text = new StringBuilder();
        foreach (var file in function.Files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            text.Append(file.Sha256).Append(' ').Append(file.RelativePath[prefix.Length..]).Append('\n');
        }

        return text.ToString();
    }

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
