using PythonRuntime.Diagnostics;

namespace PythonRuntime.Loading;

/// <summary>A mapping with string keys, in file order; the reader has already rejected duplicate keys.</summary>
public sealed record DocMapping(SourceLocation Location, IReadOnlyList<KeyValuePair<DocScalar, DocNode>> Entries) : DocNode(Location)
{
    /// <inheritdoc/>
    public override string Describe() => "a mapping";
}
