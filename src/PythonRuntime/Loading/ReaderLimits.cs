namespace PythonRuntime.Loading;

/// <summary>
/// Caps that keep a hostile or mistaken definition file from exhausting memory or time.
/// They are far above what a real definition needs.
/// </summary>
public sealed record ReaderLimits
{
    /// <summary>Gets the default limits.</summary>
    public static ReaderLimits Default { get; } = new();

    /// <summary>Gets the largest file read, in bytes (checked before and while reading).</summary>
    public long MaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>Gets the deepest nesting of mappings and lists.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Gets the most nodes a file may hold.</summary>
    public int MaxNodes { get; init; } = 20_000;
}
