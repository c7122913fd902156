using System.Globalization;

namespace PythonRuntime.Store;

/// <summary>
/// Times are stored as fixed-width UTC text (<c>2026-01-02T03:04:05.1234567Z</c>) so that sorting the text sorts
/// the times, and a person reading the database with any SQLite tool sees them plainly.
/// </summary>
internal static class Timestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc));
}
