namespace PythonRuntime.Specs;

/// <summary>Conversions between <see cref="PythonVersion"/> and the spellings users and interpreters use.</summary>
public static class PythonVersions
{
    private static readonly (PythonVersion Version, string Name, string Number)[] Table =
    [
        (PythonVersion.Python3_9, "PYTHON3_9", "3.9"),
        (PythonVersion.Python3_10, "PYTHON3_10", "3.10"),
        (PythonVersion.Python3_11, "PYTHON3_11", "3.11"),
        (PythonVersion.Python3_12, "PYTHON3_12", "3.12"),
        (PythonVersion.Python3_13, "PYTHON3_13", "3.13"),
    ];

    /// <summary>Gets every accepted definition-file spelling, in version order.</summary>
    public static IReadOnlyList<string> Names { get; } = Table.Select(row => row.Name).ToArray();

    /// <summary>Parses a definition-file spelling such as <c>PYTHON3_11</c> (exact, case-sensitive).</summary>
    public static bool TryParse(string? text, out PythonVersion version)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Name, text, StringComparison.Ordinal))
            {
                version = row.Version;
                return true;
            }
        }

        version = default;
        return false;
    }

    /// <summary>Gets the definition-file spelling, for example <c>PYTHON3_11</c>.</summary>
    public static string ToName(this PythonVersion version) => Row(version).Name;

    /// <summary>Gets the dotted number, for example <c>3.11</c>.</summary>
    public static string ToNumber(this PythonVersion version) => Row(version).Number;

    private static (PythonVersion Version, string Name, string Number) Row(PythonVersion version) =>
        Table.First(row => row.Version == version);
}
