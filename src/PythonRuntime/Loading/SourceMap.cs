using PythonRuntime.Diagnostics;

namespace PythonRuntime.Loading;

/// <summary>
/// Where each value of a definition came from, by field path (<c>tasks.job.envs[0].name</c>), so that
/// rules checked on the typed model can still point at a line and column.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);

    public SourceMap(string? file)
    {
        File = file;
    }

    /// <summary>Gets a map for values that do not come from a file (the SDK).</summary>
    public static SourceMap Sdk => new(null);

    /// <summary>Gets the file the values came from, or null.</summary>
    public string? File { get; }

    /// <summary>Records where the value at <paramref name="field"/> is.</summary>
    public void Add(string field, SourceLocation location) => _locations[field] = location;

    /// <summary>Gets a value indicating whether the exact <paramref name="field"/> was recorded.</summary>
    public bool Contains(string field) => _locations.ContainsKey(field);

    /// <summary>
    /// Records the location of <paramref name="node"/> and of everything below it, so that rules applied to
    /// free-form values (affinity, run parameters) can point at the exact line of a nested key.
    /// </summary>
    public void AddTree(string field, DocNode node)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(node);
        var pending = new Stack<(string Field, DocNode Node)>();
        pending.Push((field, node));
        while (pending.Count > 0)
        {
            var (path, current) = pending.Pop();
            _locations.TryAdd(path, current.Location);
            switch (current)
            {
                case DocMapping mapping:
                    foreach (var entry in mapping.Entries)
                    {
                        pending.Push((FieldPath.Key(path, entry.Key.Value), entry.Value));
                    }

                    break;
                case DocSequence sequence:
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        pending.Push((FieldPath.Index(path, i), sequence.Items[i]));
                    }

                    break;
            }
        }
    }

    /// <summary>Finds the location of <paramref name="field"/>, else of its nearest parent, else the file itself.</summary>
    public SourceLocation Locate(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var path = field;
        while (path.Length > 0)
        {
            if (_locations.TryGetValue(path, out var location))
            {
                return location;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut > 0 ? path[..cut] : string.Empty;
        }

        // A missing top-level field points at the document itself (its first line), not at no line at all.
        if (_locations.TryGetValue(string.Empty, out var root))
        {
            return root;
        }

        return File is null ? SourceLocation.Sdk : new SourceLocation(File, 0, 0);
    }
}
