using PythonRuntime.Diagnostics;

namespace PythonRuntime.Loading;

/// <summary>What every binder shares while reading one file: where problems go and where values were.</summary>
public sealed class BindingContext(DiagnosticBag diagnostics, SourceMap sourceMap)
{
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public SourceMap SourceMap { get; } = sourceMap;

    /// <summary>Reports a problem with the value at <paramref name="field"/>.</summary>
    public void Error(DocNode node, string field, string message) => Diagnostics.Error(node.Location, field, message);

    /// <summary>Opens <paramref name="node"/> as a mapping, or reports that it is not one.</summary>
    public MappingReader? Open(DocNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }

        SourceMap.Add(field, node.Location);
        if (node is DocMapping mapping)
        {
            return new MappingReader(this, mapping, field);
        }

        Error(node, field, $"expected a mapping, got {node.Describe()}.");
        return null;
    }
}
