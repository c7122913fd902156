using System.Text;
using PythonRuntime.Rendering.Model;
using PythonRuntime.Rendering.Quoting;
using PythonRuntime.Specs;

namespace PythonRuntime.Rendering.Context;

/// <summary>
/// Collects the files of a function image: the runner, requirements.txt and the code. Local code is read
/// from inside the function folder only (no absolute paths, no '..', no symbolic links, size caps); inline and
/// base64 code is written to a file; remote code is recorded but not fetched.
/// </summary>
internal static class BuildContextReader
{
    public const long MaxFileBytes = 16L * 1024 * 1024;

    public const long MaxTotalBytes = 64L * 1024 * 1024;

    public const int MaxFiles = 10_000;

    private const string DefaultCodeFile = "main.py";

    private static readonly string[] RemoteSchemes = ["http://", "https://", "zip+http://", "zip+https://", "git+https://"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Gets a value indicating whether <paramref name="codeSrc"/> is a URI the build would have to fetch.</summary>
    public static bool IsRemote(string? codeSrc) =>
        codeSrc is not null && RemoteSchemes.Any(scheme => codeSrc.StartsWith(scheme, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the context of <paramref name="definition"/>; returns null after adding problems when it cannot.</summary>
    public static async Task<BuildContext?> ReadAsync(
        FunctionDefinition definition,
        byte[] runner,
        byte[]? requirements,
        FunctionProblems problems,
        CancellationToken cancellationToken)
    {
        var spec = definition.Spec;
        var files = new List<ContextFile> { new(ImageLayout.ContextRunner, runner) };
        if (requirements is not null)
        {
            files.Add(new ContextFile(ImageLayout.ContextRequirements, requirements));
        }

        BuildContext? context;
        if (spec.Code is not null || spec.Base64 is not null)
        {
            context = ReadInline(spec, files, problems);
        }
        else if (spec.CodeSrc is null)
        {
            problems.Add("code_src", "The function has no code: set code_src to a file or folder in the function folder, or give code or base64.");
            context = null;
        }
        else if (IsRemote(spec.CodeSrc))
        {
            if (TextRules.FindLineBreaker(spec.CodeSrc) is { } problem)
            {
                problems.Add("code_src", $"The code_src URI {MessageText.Show(spec.CodeSrc)} holds {problem}; remove it.");
                return null;
            }

            context = new BuildContext(files, CodeKind.Remote, spec.CodeSrc, spec.CodeSrc, spec.CodeSrc);
        }
        else
        {
            context = await ReadLocalAsync(definition, files, problems, cancellationToken).ConfigureAwait(false);
        }

        if (context is null)
        {
            return null;
        }

        var sorted = context.Files.OrderBy(file => file.Path, StringComparer.Ordinal).ToList();
        return context with { Files = sorted };
    }

    private static BuildContext? ReadInline(FunctionSpec spec, List<ContextFile> files, FunctionProblems problems)
    {
        // Inline code goes to the file code_src names when that is a local .py path, else to main.py.
        var target = DefaultCodeFile;
        if (spec.CodeSrc is { } codeSrc && !IsRemote(codeSrc) && codeSrc.EndsWith(".py", StringComparison.Ordinal))
        {
            var normalized = NormalizeRelative(codeSrc, out var pathProblem);
            if (normalized is null)
            {
                problems.Add("code_src", $"The code_src {MessageText.Show(codeSrc)} {pathProblem}.");
                return null;
            }

            target = normalized;
        }

        byte[] content;
        CodeKind kind;
        if (spec.Code is { } code)
        {
            if (code.Contains('\0', StringComparison.Ordinal))
            {
                problems.Add("code", "The inline code holds a NUL character; remove it.");
                return null;
            }

            try
            {
                content = StrictUtf8.GetBytes(code);
            }
            catch (EncoderFallbackException)
            {
                problems.Add("code", "The inline code holds an unpaired UTF-16 surrogate and cannot be written as UTF-8; fix the text.");
                return null;
            }

            kind = CodeKind.Inline;
        }
        else
        {
            var decoded = DecodeBase64(spec.Base64!, problems);
            if (decoded is null)
            {
                return null;
            }

            content = decoded;
            kind = CodeKind.Base64;
        }

        files.Add(new ContextFile(ImageLayout.ContextCodeDirectory + "/" + target, content));
        return new BuildContext(files, kind, target, target, null);
    }

    private static byte[]? DecodeBase64(string text, FunctionProblems problems)
    {
        // Check the size before decoding so a huge value never allocates a huge buffer.
        var maxEncoded = ((MaxFileBytes + 2) / 3 * 4) + (MaxFileBytes / 16);
        if (text.Length > maxEncoded)
        {
            problems.Add("base64", $"The base64 code is {text.Length} characters long; decoded code may be at most {MaxFileBytes} bytes. Put the code in a file and set code_src.");
            return null;
        }

        var buffer = new byte[(text.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            problems.Add("base64", "The base64 code is not valid base64 (wrong characters, padding or length); encode the file again.");
            return null;
        }

        return buffer.AsSpan(0, written).ToArray();
    }

    private static async Task<BuildContext?> ReadLocalAsync(
        FunctionDefinition definition,
        List<ContextFile> files,
        FunctionProblems problems,
        CancellationToken cancellationToken)
    {
        var codeSrc = definition.Spec.CodeSrc!;
        var normalized = NormalizeRelative(codeSrc, out var pathProblem);
        if (normalized is null)
        {
            problems.Add("code_src", $"The code_src {MessageText.Show(codeSrc)} {pathProblem}.");
            return null;
        }

        var root = Path.GetFullPath(definition.Directory);
        var full = normalized.Length == 0 ? root : Path.GetFullPath(Path.Combine(root, normalized));
        if (!string.Equals(full, root, StringComparison.Ordinal) && !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problems.Add("code_src", $"The code_src {MessageText.Show(codeSrc)} resolves outside the function folder; name a file or folder inside it.");
            return null;
        }

        if (FindLinkOnPath(root, normalized) is { } link)
        {
            problems.Add("code_src", $"The code_src {MessageText.Show(codeSrc)} goes through the symbolic link {MessageText.Show(link)}; symbolic links could pull in files from outside the function folder, so copy the file instead.");
            return null;
        }

        var display = normalized.Length == 0 ? "." : normalized;
        if (Directory.Exists(full))
        {
            // As the local executor stages it: the folder's contents are the code folder (its root goes on sys.path).
            var walk = new FolderWalk(root, files, problems);
            await walk.AddFolderAsync(full, ImageLayout.ContextCodeDirectory, 0, cancellationToken).ConfigureAwait(false);
            return walk.Failed ? null : new BuildContext(files, CodeKind.Folder, display, null, null);
        }

        if (!File.Exists(full))
        {
            problems.Add("code_src", $"The code_src {MessageText.Show(codeSrc)} does not exist in the function folder {MessageText.Show(root)}; check the name.");
            return null;
        }

        var content = await ReadFileAsync(full, codeSrc, problems, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return null;
        }

        files.Add(new ContextFile(ImageLayout.ContextCodeDirectory + "/" + normalized, content));
        return new BuildContext(files, CodeKind.File, display, normalized.EndsWith(".py", StringComparison.Ordinal) ? normalized : null, null);
    }

    /// <summary>Returns the path with '.' and empty segments removed ("" for the folder itself), or null and why it is refused.</summary>
    internal static string? NormalizeRelative(string path, out string? problem)
    {
        problem = TextRules.FindLineBreaker(path) is { } breaker ? $"holds {breaker}"
            : path.Contains('\\', StringComparison.Ordinal) ? "uses '\\'; separate folders with '/'"
            : path.StartsWith('/') || path.StartsWith('~') || path.Contains(':', StringComparison.Ordinal) || Path.IsPathRooted(path)
                ? "is not a path relative to the function folder (or an http(s)://, zip+http(s):// or git+https:// URI)"
            : null;
        if (problem is not null)
        {
            return null;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(segment => segment != ".").ToArray();
        if (segments.Any(segment => segment == ".."))
        {
            problem = "leaves the function folder with '..'; name a file or folder inside it";
            return null;
        }

        return string.Join('/', segments);
    }

    private static string? FindLinkOnPath(string root, string relative)
    {
        var current = root;
        foreach (var segment in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.Exists && info.LinkTarget is not null)
            {
                return Path.GetRelativePath(root, current).Replace('\\', '/');
            }
        }

        return null;
    }

    internal static async Task<byte[]?> ReadFileAsync(string path, string shown, FunctionProblems problems, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
            {
                problems.Add("code_src", $"The file {MessageText.Show(shown)} has {info.Length} bytes; a code file may have at most {MaxFileBytes}. Keep data out of the code folder.");
                return null;
            }

            // A zero length also covers FIFOs and devices, which are never opened (opening a FIFO would block).
            if (info.Length == 0)
            {
                return [];
            }

            var buffer = new byte[info.Length];
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (stream.ReadByte() != -1)
                {
                    throw new EndOfStreamException();
                }
            }

            return buffer;
        }
        catch (EndOfStreamException)
        {
            problems.Add("code_src", $"The file {MessageText.Show(shown)} changed while it was read; render again.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add("code_src", $"The file {MessageText.Show(shown)} cannot be read: {ex.Message}");
        }

        return null;
    }
}
