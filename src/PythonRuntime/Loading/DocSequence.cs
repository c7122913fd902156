using PythonRuntime.Diagnostics;

namespace PythonRuntime.Loading;

/// <summary>A sequence, in file order.</summary>
public sealed record DocSequence(SourceLocation Location, IReadOnlyList<DocNode> Items) : DocNode(Location)
{
    /// <inheritdoc/>
    public override string Describe() => "a list";
}
