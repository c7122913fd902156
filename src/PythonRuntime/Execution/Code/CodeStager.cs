using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using PythonRuntime.Diagnostics;
using PythonRuntime.Processes;
using PythonRuntime.Specs;

namespace PythonRuntime.Execution.Code;

/// <summary>
/// Lays a function's code out in a folder of its own, the same way for every executor: inline <c>code</c>
/// (or <c>base64</c>) is written to the <c>code_src</c> file name or <c>main.py</c>; a local <c>code_src</c>
/// file is copied to its relative path and a local folder's contents to the root; an <c>http(s)://</c> file
/// is downloaded, a <c>zip+http(s)://</c> archive extracted and a <c>git+https://...#ref</c> repository
/// checked out. Folders are keyed by content, so an unchanged function is staged once.
/// </summary>
public sealed class CodeStager(string stateDirectory, HttpClient? http = null)
{
    /// <summary>The largest download or extracted archive accepted.</summary>
    public const long MaxDownloadBytes = 100L * 1024 * 1024;

    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Gets the folder holding staged code.</summary>
    public string Root { get; } = Path.Combine(stateDirectory, "code");

    /// <summary>Stages the code of <paramref name="function"/>.</summary>
    /// <exception cref="PythonRuntimeException">The code cannot be read, downloaded or checked out.</exception>
    public async Task<StagedCode> StageAsync(FunctionDefinition function, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var spec = function.Spec;
        var inline = InlineCode(spec);
        if (inline is not null)
        {
            var name = CodeSources.IsLocal(spec.CodeSrc) && spec.CodeSrc!.EndsWith(".py", StringComparison.Ordinal) ? Normalize(spec.CodeSrc) : "main.py";
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal) { [name] = inline };
            return await WriteAsync(spec.Name, files, name, cancellationToken).ConfigureAwait(false);
        }

        var source = spec.CodeSrc ?? throw new PythonRuntimeException(ExitCodes.InvalidDefinition, $"The function '{spec.Name}' has no code: set code_src, code or base64.");
        if (CodeSources.IsLocal(source))
        {
            return await StageLocalAsync(function, source, cancellationToken).ConfigureAwait(false);
        }

        return await StageRemoteAsync(spec.Name, source, cancellationToken).ConfigureAwait(false);
    }

    private static byte[]? InlineCode(FunctionSpec spec)
    {
        if (spec.Code is not null)
        {
            return Encoding.UTF8.GetBytes(spec.Code);
        }

        return spec.Base64 is null ? null : Convert.FromBase64String(spec.Base64);
    }

    private async Task<StagedCode> StageLocalAsync(FunctionDefinition function, string source, CancellationToken cancellationToken)
    {
        var relative = Normalize(source);
        var path = Path.GetFullPath(Path.Combine(function.Directory, relative));
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            files[relative] = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return await WriteAsync(function.Spec.Name, files, relative.EndsWith(".py", StringComparison.Ordinal) ? relative : null, cancellationToken).ConfigureAwait(false);
        }

        if (!Directory.Exists(path))
        {
            throw new PythonRuntimeException(ExitCodes.InvalidDefinition, $"The code_src '{source}' of the function '{function.Spec.Name}' does not exist in '{function.Directory}'.");
        }

        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(path, file).Replace('\\', '/');
            if (CodeFileRules.IsExcludedPath(name) || Loading.FileKinds.Of(file) != Loading.FileKind.Regular)
            {
                continue;
            }

            files[name] = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        }

        return await WriteAsync(function.Spec.Name, files, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StagedCode> StageRemoteAsync(string function, string source, CancellationToken cancellationToken)
    {
        var fragment = source.IndexOf('#', StringComparison.Ordinal);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        string? codeSrc = null;
        if (source.StartsWith("git+", StringComparison.Ordinal))
        {
            var url = fragment < 0 ? source[4..] : source[4..fragment];
            var reference = fragment < 0 ? null : source[(fragment + 1)..];
            await GitCheckout.FetchAsync(url, reference, files, cancellationToken).ConfigureAwait(false);
        }
        else if (source.StartsWith("zip+", StringComparison.Ordinal))
        {
            var bytes = await DownloadAsync(source[4..], cancellationToken).ConfigureAwait(false);
            Extract(bytes, source, files);
        }
        else
        {
            var uri = new Uri(source);
            var name = Path.GetFileName(uri.AbsolutePath);
            if (name.Length == 0)
            {
                name = "main.py";
            }

            files[name] = await DownloadAsync(source, cancellationToken).ConfigureAwait(false);
            codeSrc = name.EndsWith(".py", StringComparison.Ordinal) ? name : null;
        }

        return await WriteAsync(function, files, codeSrc, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new PythonRuntimeException(ExitCodes.Environment, $"Downloading the code from '{Redact(url)}' failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            using var buffer = new MemoryStream();
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > MaxDownloadBytes)
                    {
                        throw new PythonRuntimeException(ExitCodes.Environment, $"The code at '{Redact(url)}' is larger than {MaxDownloadBytes / (1024 * 1024)} MiB.");
                    }
                }
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException ex)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"Downloading the code from '{Redact(url)}' failed: {ex.Message}", ex);
        }
    }

    private static void Extract(byte[] archive, string source, SortedDictionary<string, byte[]> files)
    {
        long total = 0;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || name.Split('/').Any(part => part is ".." or "") || name.Contains(':', StringComparison.Ordinal))
                {
                    throw new PythonRuntimeException(ExitCodes.InvalidDefinition, $"The archive '{Redact(source)}' holds the unsafe path '{entry.FullName}'; archives must only hold relative paths.");
                }

                total += entry.Length;
                if (total > MaxDownloadBytes)
                {
                    throw new PythonRuntimeException(ExitCodes.InvalidDefinition, $"The archive '{Redact(source)}' expands to more than {MaxDownloadBytes / (1024 * 1024)} MiB.");
                }

                using var stream = entry.Open();
                using var content = new MemoryStream();
                stream.CopyTo(content);
                files[name] = content.ToArray();
            }
        }
        catch (InvalidDataException ex)
        {
            throw new PythonRuntimeException(ExitCodes.InvalidDefinition, $"The code at '{Redact(source)}' is not a valid zip archive: {ex.Message}", ex);
        }
    }

    private async Task<StagedCode> WriteAsync(string function, SortedDictionary<string, byte[]> files, string? codeSrc, CancellationToken cancellationToken)
    {
        var hash = ContentHash(files);
        var folder = Path.Combine(Root, function, hash);
        if (Directory.Exists(folder))
        {
            return new StagedCode(folder, codeSrc, hash);
        }

        // Write beside the final folder, then rename: a reader sees the whole tree or none of it.
        var temporary = folder + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        foreach (var (name, bytes) in files)
        {
            var path = Path.Combine(temporary, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        }

        Directory.CreateDirectory(temporary);
        try
        {
            Directory.Move(temporary, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another process staged the same content first; its copy is identical.
            Directory.Delete(temporary, recursive: true);
        }

        return new StagedCode(folder, codeSrc, hash);
    }

    /// <summary>Computes the content hash of a file set: paths and bytes, in path order.</summary>
    public static string ContentHash(IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, bytes) in files.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData([0]);
            hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static string Normalize(string path)
    {
        var trimmed = path.Replace('\\', '/');
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed.TrimEnd('/');
    }

    /// <summary>Removes user information from a URL before it is printed.</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url.StartsWith("zip+", StringComparison.Ordinal) || url.StartsWith("git+", StringComparison.Ordinal) ? url[4..] : url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : url;
}
