using PythonRuntime.Diagnostics;

namespace PythonRuntime.Rendering;

/// <summary>
/// Collects every problem of a render, so users see all of them at once. Problems about a definition are
/// printed like the validator's diagnostics (<c>path: error: field: message</c>), problems in a template as
/// <c>file(line,col): error: message</c>. A problem marked as a bug means a built-in template misbehaved.
/// </summary>
internal sealed class RenderProblems
{
    private readonly List<(int Order, string Text, bool IsBug)> _items = [];
    private readonly object _gate = new();

    public bool HasProblems
    {
        get
        {
            lock (_gate)
            {
                return _items.Count > 0;
            }
        }
    }

    /// <summary>Adds a problem about a definition value of the function at position <paramref name="order"/>.</summary>
    public void Definition(int order, string location, string field, string message) =>
        Add(order, new Diagnostic(new SourceLocation(location, 0, 0), field, message).ToString(), isBug: false);

    /// <summary>Adds a problem located in a template file.</summary>
    public void Template(int order, string file, int line, int column, string message, bool isBug) =>
        Add(order, $"{file}({line},{column}): error: {message}", isBug);

    /// <summary>Adds a problem that has no better location than a sentence.</summary>
    public void General(int order, string message) => Add(order, "error: " + message, isBug: false);

    /// <summary>Throws one <see cref="PythonRuntimeException"/> listing every problem, when there is any.</summary>
    public void ThrowIfAny()
    {
        List<(int Order, string Text, bool IsBug)> items;
        lock (_gate)
        {
            items = [.. _items];
        }

        if (items.Count == 0)
        {
            return;
        }

        // Functions render in parallel: order by function, then by when the problem was found, and drop repeats
        // (a broken template fails the same way for every function).
        var lines = items.OrderBy(item => item.Order).Select(item => item.Text).Distinct(StringComparer.Ordinal).ToList();
        var isBug = items.Any(item => item.IsBug);
        var noun = lines.Count == 1 ? "problem" : "problems";
        var header = isBug
            ? $"Rendering failed with {lines.Count} {noun}; a built-in template produced output that does not match its model, which is a bug in PythonRuntime (please report it):"
            : $"Rendering failed with {lines.Count} {noun}; nothing was written:";
        throw new PythonRuntimeException(
            isBug ? ExitCodes.Failure : ExitCodes.InvalidDefinition,
            header + "\n" + string.Join("\n", lines));
    }

    private void Add(int order, string text, bool isBug)
    {
        lock (_gate)
        {
            _items.Add((order, text, isBug));
        }
    }
}
