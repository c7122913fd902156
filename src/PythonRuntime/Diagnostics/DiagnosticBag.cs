namespace PythonRuntime.Diagnostics;

/// <summary>Collects every problem of every file in one pass, so users see all of them at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private readonly object _gate = new();

    /// <summary>Gets the problems in the order they were found.</summary>
    public IReadOnlyList<Diagnostic> Items
    {
        get
        {
            lock (_gate)
            {
                return _items.ToArray();
            }
        }
    }

    /// <summary>Gets a value indicating whether any problem was found.</summary>
    public bool HasErrors
    {
        get
        {
            lock (_gate)
            {
                return _items.Count > 0;
            }
        }
    }

    /// <summary>Adds a problem.</summary>
    public void Add(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        lock (_gate)
        {
            _items.Add(diagnostic);
        }
    }

    /// <summary>Adds a problem at <paramref name="location"/>.</summary>
    public void Error(SourceLocation location, string field, string message) => Add(new Diagnostic(location, field, message));

    /// <summary>Throws a <see cref="PythonRuntimeException"/> listing every problem when there is at least one.</summary>
    public void ThrowIfErrors()
    {
        var items = Items;
        if (items.Count > 0)
        {
            // Files are read in parallel; sort so the report reads top to bottom, file by file.
            var ordered = items
                .OrderBy(d => d.Location.File, StringComparer.Ordinal)
                .ThenBy(d => d.Location.Line)
                .ThenBy(d => d.Location.Column)
                .ToArray();
            throw new PythonRuntimeException(ExitCodes.InvalidDefinition, ordered);
        }
    }
}
