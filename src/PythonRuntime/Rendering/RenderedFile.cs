using System.Security.Cryptography;

namespace PythonRuntime.Rendering;

/// <summary>One file of a render, held in memory until it is written.</summary>
public sealed class RenderedFile
{
    private readonly byte[] _content;
    private string? _sha256;

    internal RenderedFile(string relativePath, byte[] content)
    {
        RelativePath = relativePath;
        _content = content;
    }

    /// <summary>Gets the path below the output folder, with '/' separators, for example <c>hello/job.yaml</c>.</summary>
    public string RelativePath { get; }

    /// <summary>Gets the file's bytes.</summary>
    public ReadOnlyMemory<byte> Content => _content;

    /// <summary>Gets the size in bytes.</summary>
    public long Length => _content.LongLength;

    /// <summary>Gets the lowercase hex SHA-256 of the content (computed on first use).</summary>
    public string Sha256 => _sha256 ??= Convert.ToHexStringLower(SHA256.HashData(_content));

    /// <inheritdoc/>
    public override string ToString() => $"{RelativePath} ({Length} bytes)";
}
