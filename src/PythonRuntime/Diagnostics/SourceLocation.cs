namespace PythonRuntime.Diagnostics;

/// <summary>A 1-based position in a definition file; <see cref="File"/> is null for values given through the SDK.</summary>
public readonly record struct SourceLocation(string? File, int Line, int Column)
{
    /// <summary>Gets the location used for values that do not come from a file.</summary>
    public static SourceLocation Sdk { get; } = new(null, 0, 0);

    /// <inheritdoc/>
    public override string ToString() => File is null ? "<sdk>" : Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
