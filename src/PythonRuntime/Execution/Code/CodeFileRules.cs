namespace PythonRuntime.Execution.Code;

/// <summary>
/// Which entries of a code folder are code. One rule for the local stager and the image build context, so a
/// handler sees the same files locally and in a container: hidden entries (<c>.git</c>, <c>.env</c>, <c>.venv</c>...),
/// <c>__pycache__</c>, compiled Python files and the definition file at the folder's root are left out.
/// </summary>
public static class CodeFileRules
{
    /// <summary>Gets whether an entry named <paramref name="name"/> is left out of staged code.</summary>
    /// <param name="name">The entry's own name (one path segment).</param>
    /// <param name="isFile">Whether the entry is a file.</param>
    /// <param name="atRoot">Whether the entry sits directly in the code folder.</param>
    public static bool IsExcluded(string name, bool isFile, bool atRoot)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith('.') || name == "__pycache__")
        {
            return true;
        }

        if (isFile && (name.EndsWith(".pyc", StringComparison.Ordinal) || name.EndsWith(".pyo", StringComparison.Ordinal)))
        {
            return true;
        }

        return atRoot && isFile && name is "function.yaml" or "function.yml";
    }

    /// <summary>Gets whether a file at <paramref name="relativePath"/> ('/'-separated) inside a code folder is left out.</summary>
    public static bool IsExcludedPath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var parts = relativePath.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (IsExcluded(parts[i], isFile: i == parts.Length - 1, atRoot: i == 0))
            {
                return true;
            }
        }

        return false;
    }
}
