using System.Text.RegularExpressions;
using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Reliability.BadInputs;

/// <summary>One <c>path:line:col: error: field: message</c> line (or <c>path: error: message</c>) printed by the build host.</summary>
internal sealed partial record HostErrorLine(string File, int Line, string Text)
{
    /// <summary>Gets every error line of a build host's output.</summary>
    public static IReadOnlyList<HostErrorLine> Parse(string output) =>
        output.Split('\n')
            .Select(line => Shape().Match(line.TrimEnd('\r')))
            .Where(match => match.Success)
            .Select(match => new HostErrorLine(
                match.Groups["file"].Value,
                match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
                match.Groups["rest"].Value))
            .ToList();

    /// <summary>Gets whether this line is the diagnostic <paramref name="expected"/> describes (file, line, field, message fragment).</summary>
    public bool Matches(ExpectedError expected) =>
        File == expected.File
        && Line == expected.Line
        && (expected.Field.Length == 0 || Text.StartsWith(expected.Field + ": ", StringComparison.Ordinal))
        && Text.Contains(expected.Fragment, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Text}" : $"{File}: {Text}";

    [GeneratedRegex(@"\A(?:\x1b\[[0-9;]*m)*(?<file>[^\s:]+)(?::(?<line>[0-9]+):(?<col>[0-9]+))?: error: (?<rest>.*?)(?:\x1b\[0m)?\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Shape();
}
