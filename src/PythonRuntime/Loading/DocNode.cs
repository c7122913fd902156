using PythonRuntime.Diagnostics;

namespace PythonRuntime.Loading;

/// <summary>
/// A node of a definition file as read by <see cref="StrictYamlReader"/>: plain data with its position,
/// free of anchors, aliases and tags, so binding never meets YAML features the format forbids.
/// </summary>
public abstract record DocNode(SourceLocation Location)
{
    /// <summary>Gets the word used in messages for this kind of node ("a mapping", "a string").</summary>
    public abstract string Describe();
}
