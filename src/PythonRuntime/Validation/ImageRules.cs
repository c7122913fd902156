namespace PythonRuntime.Validation;

/// <summary>
/// Policy for image references in definitions: grammar-valid, pinned by a tag or a digest, and never
/// <c>latest</c>, because a build or run must be reproducible from the definition alone.
/// </summary>
public static class ImageRules
{
    /// <summary>Checks <paramref name="value"/> and reports at <paramref name="field"/>.</summary>
    public static void Check(string value, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(scope);
        var problem = Problem(value);
        if (problem is not null)
        {
            scope.Error(field, $"'{Text.Clip(value)}' {problem}.");
        }
    }

    /// <summary>Gets what is wrong with <paramref name="value"/> as a pinned image reference, or null.</summary>
    public static string? Problem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Text.SingleLineProblem(value) is { } line)
        {
            return line;
        }

        if (!ImageReference.TryParse(value, out var reference, out var problem))
        {
            return problem;
        }

        if (string.Equals(reference!.Tag, "latest", StringComparison.Ordinal))
        {
            return "uses the tag 'latest', which changes under you; pin a version tag (such as ':3.11-slim') or a digest";
        }

        if (reference.Tag is null && reference.Digest is null)
        {
            return "has no tag or digest; pin a version tag (such as ':3.11-slim') or a digest so builds are reproducible";
        }

        return null;
    }
}
