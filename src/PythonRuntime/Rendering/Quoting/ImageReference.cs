using System.Text.RegularExpressions;

namespace PythonRuntime.Rendering.Quoting;

/// <summary>
/// A container image reference, checked against the distribution grammar (<c>[domain/]path[:tag][@digest]</c>)
/// with <c>\A...\z</c> anchors, so a reference can never carry a line break or a second token into a Dockerfile.
/// </summary>
internal sealed record ImageReference(string Name, string? Tag, string? Digest)
{
    private const int MaxPathLength = 255;

    /// <summary>Gets the reference as written.</summary>
    public string Text => Name + (Tag is null ? string.Empty : ":" + Tag) + (Digest is null ? string.Empty : "@" + Digest);

    /// <summary>Gets the reference without its digest (the form a build pushes to); null when it has no tag.</summary>
    public string? TagReference => Tag is null ? null : Name + ":" + Tag;

    /// <summary>Parses <paramref name="text"/>; returns null and says why when it is not a valid reference.</summary>
    public static ImageReference? TryParse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = text.Length > 1024 ? Match.Empty : ReferencePattern.Match(text);
        if (!match.Success)
        {
            problem = "is not an image reference ([registry/]path[:tag][@sha256:digest], lowercase path, no spaces)";
            return null;
        }

        var name = match.Groups["name"].Value;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var path = slash >= 0 && LooksLikeDomain(name[..slash]) ? name[(slash + 1)..] : name;
        if (path.Length > MaxPathLength)
        {
            problem = $"has a repository path of {path.Length} characters; the limit is {MaxPathLength}";
            return null;
        }

        problem = null;
        return new ImageReference(
            name,
            match.Groups["tag"].Success ? match.Groups["tag"].Value : null,
            match.Groups["digest"].Success ? match.Groups["digest"].Value : null);
    }

    /// <summary>
    /// Parses <paramref name="text"/> and applies the deploy policy: a tag other than <c>latest</c> or a digest
    /// is required, so what runs is what was built.
    /// </summary>
    public static ImageReference? TryParsePinned(string text, out string? problem)
    {
        var reference = TryParse(text, out problem);
        if (reference is null)
        {
            return null;
        }

        if (reference.Digest is null && reference.Tag is null)
        {
            problem = "has no tag or digest; name a version (for example ':1.0' or '@sha256:...')";
            return null;
        }

        if (reference.Digest is null && string.Equals(reference.Tag, "latest", StringComparison.Ordinal))
        {
            problem = "uses the tag 'latest', which moves; name a fixed tag or a digest";
            return null;
        }

        return reference;
    }

    // The first component is a registry host only when it looks like one (as docker decides it).
    private static bool LooksLikeDomain(string component) =>
        component.Contains('.', StringComparison.Ordinal) || component.Contains(':', StringComparison.Ordinal)
        || string.Equals(component, "localhost", StringComparison.Ordinal);

    // The grammar nests repetitions, so the engine is non-backtracking: matching time stays linear.
    private static readonly Regex ReferencePattern = new(
        @"\A(?<name>(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/|\[[0-9a-fA-F:]+\](?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?\z",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
}
