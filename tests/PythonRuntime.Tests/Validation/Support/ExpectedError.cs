using PythonRuntime.Diagnostics;

namespace PythonRuntime.Tests.Validation.Support;

/// <summary>An expected diagnostic of a fixture: <c>FILE:LINE FIELD | MESSAGE FRAGMENT</c>.</summary>
internal sealed record ExpectedError(string File, int Line, string Field, string Fragment)
{
    public static ExpectedError Parse(string text)
    {
        var bar = text.IndexOf(" | ", StringComparison.Ordinal);
        var head = text[..bar];
        var space = head.IndexOf(' ', StringComparison.Ordinal);
        var location = head[..space];
        var colon = location.LastIndexOf(':');
        var field = head[(space + 1)..];
        return new ExpectedError(location[..colon], int.Parse(location[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), field == "-" ? string.Empty : field, text[(bar + 3)..]);
    }

    public bool Matches(Diagnostic diagnostic) =>
        diagnostic.Location.File == File
        && diagnostic.Location.Line == Line
        && diagnostic.Field == Field
        && diagnostic.Message.Contains(Fragment, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line} {Field} | {Fragment}";
}
