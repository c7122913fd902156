using System.Text.RegularExpressions;

namespace PythonRuntime.Validation;

/// <summary>
/// A container image reference split by the distribution/reference grammar:
/// <c>[domain/]path[:tag][@digest]</c>. <see cref="TryParse"/> accepts exactly what that grammar accepts
/// (ASCII only, lowercase path, tag of at most 128 characters, path of at most 255); policy (a tag or a
/// digest is required, <c>latest</c> is refused) is <see cref="ImageRules"/>' job.
/// </summary>
public sealed partial record ImageReference(string? Domain, string Path, string? Tag, string? Digest)
{
    /// <summary>The longest repository path (the name without its domain) the grammar allows.</summary>
    public const int MaxPathLength = 255;

    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string value, out ImageReference? reference, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        reference = null;
        var match = ReferencePattern().Match(value);
        if (!match.Success)
        {
            problem = value.Length > 0 && value.Any(char.IsUpper) && !value.Contains('/', StringComparison.Ordinal)
                ? "is not a valid image reference; repository names must be lowercase"
                : "is not a valid image reference; use [registry[:port]/]path[:tag][@sha256:digest] with a lowercase path, such as 'python:3.11-slim'";
            return false;
        }

        var domain = match.Groups["domain"].Success ? match.Groups["domain"].Value : null;
        var path = match.Groups["path"].Value;
        if (path.Length > MaxPathLength)
        {
            problem = $"has a repository path of {path.Length} characters; at most {MaxPathLength} are allowed";
            return false;
        }

        if (domain is null && ImageIdPattern().IsMatch(path))
        {
            problem = "looks like an image ID (64 hex digits), not a reference; name the repository and tag";
            return false;
        }

        reference = new ImageReference(
            domain,
            path,
            match.Groups["tag"].Success ? match.Groups["tag"].Value : null,
            match.Groups["digest"].Success ? match.Groups["digest"].Value : null);
        problem = null;
        return true;
    }

    // Domain: host (DNS name or [IPv6]) with an optional port; taken as a domain only when a '/' follows.
    // Path components: lowercase alphanumerics joined by '.', '_', '__' or runs of '-'.
    [GeneratedRegex(
        @"\A(?:(?<domain>(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?)/)?" +
        @"(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)" +
        @"(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?" +
        @"(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        matchTimeoutMilliseconds: 100)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"\A[a-f0-9]{64}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ImageIdPattern();
}
