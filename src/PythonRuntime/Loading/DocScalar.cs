using PythonRuntime.Diagnostics;

namespace PythonRuntime.Loading;

/// <summary>
/// A scalar. <see cref="IsPlain"/> is true for unquoted scalars, whose type follows the YAML 1.2 core
/// schema (<c>true</c>, <c>null</c>, <c>12</c>, <c>1.5</c>); quoted scalars are always strings.
/// </summary>
public sealed record DocScalar(SourceLocation Location, string Value, bool IsPlain) : DocNode(Location)
{
    /// <summary>
    /// Gets the core-schema type of this scalar, resolved once at construction because binding asks for it
    /// several times (scalars are made only by the reader and never copied with a changed value).
    /// </summary>
    public ScalarKind Kind { get; } = IsPlain ? CoreSchema.Classify(Value) : ScalarKind.String;

    /// <inheritdoc/>
    public override string Describe() => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Bool => $"a boolean ({Value})",
        ScalarKind.Integer => $"an integer ({Value})",
        ScalarKind.Float => $"a number ({Value})",
        _ => "a string",
    };
}
