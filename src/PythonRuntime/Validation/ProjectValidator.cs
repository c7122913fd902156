using System.Text.RegularExpressions;
using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>
/// Checks the rules of <c>project.yaml</c>: names, the registry (<c>host[:port][/path]</c>, no scheme, no
/// credentials), pinned base images, a credential-free pip index URL, a templates folder inside the
/// repository, and the shared defaults and profiles.
/// </summary>
public static partial class ProjectValidator
{
    /// <summary>Checks <paramref name="spec"/>; <paramref name="root"/> is the repository root, used to check <c>templates</c> (null: skip the disk).</summary>
    public static void Validate(ProjectSpec spec, string? root, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(scope);
        if (spec.Name.Length > 0)
        {
            Rules.Name(spec.Name, "name", scope);
        }

        if (spec.Description is { } description)
        {
            if (Text.MultiLineProblem(description) is { } descriptionProblem)
            {
                scope.Error("description", $"{descriptionProblem}.");
            }
            else if (description.Length > Limits.MaxDescriptionLength)
            {
                scope.Error("description", $"is {description.Length} characters long; at most {Limits.MaxDescriptionLength} are allowed.");
            }
        }

        if (spec.Namespace is { } ns && KubernetesNames.DnsLabel(ns) is { } nsProblem)
        {
            scope.Error("namespace", $"'{Text.Clip(ns)}' {nsProblem}.");
        }

        if (spec.Registry is { } registry && RegistryProblem(registry) is { } registryProblem)
        {
            scope.Error("registry", $"'{Text.Clip(registry)}' {registryProblem}.");
        }

        foreach (var (version, image) in spec.BaseImages)
        {
            ImageRules.Check(image, FieldPath.Key("base_images", version.ToName()), scope);
        }

        if (spec.PipIndexUrl is { } index && IndexUrlProblem(index) is { } indexProblem)
        {
            scope.Error("pip_index_url", indexProblem.StartsWith("has credentials", StringComparison.Ordinal) ? $"{indexProblem}." : $"'{Text.Clip(index)}' {indexProblem}.");
        }

        if (spec.Templates is { } templates)
        {
            Templates(templates, root, scope);
        }

        TaskValidator.Validate(spec.Defaults, null, "defaults", null, scope);
        foreach (var (name, profile) in spec.Profiles)
        {
            var field = FieldPath.Key("profiles", name);
            if (!Rules.IsName(name))
            {
                Rules.Name(name, field, scope);
            }

            TaskValidator.Validate(profile, null, field, null, scope);
            if (profile.Resources is { } own && profile.Over(spec.Defaults).Resources is { } effective)
            {
                ResourceRules.CheckEffective(own, effective, FieldPath.Key(field, "resources"), scope);
            }
        }
    }

    /// <summary>Checks <paramref name="spec"/> without looking at the disk.</summary>
    public static void Validate(ProjectSpec spec, ValidationScope scope) => Validate(spec, null, scope);

    /// <summary>Gets what is wrong with a registry (<c>host[:port][/path]</c>), or null.</summary>
    public static string? RegistryProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Text.SingleLineProblem(value) is { } control)
        {
            return control;
        }

        if (value.Contains("://", StringComparison.Ordinal))
        {
            return "has a scheme; give host[:port][/path] only, such as '127.0.0.1:5000' or 'registry.example.com/team'";
        }

        if (value.Contains('@', StringComparison.Ordinal))
        {
            return "holds credentials or a digest; give host[:port][/path] only (log in with docker login, never in files)";
        }

        return RegistryPattern().IsMatch(value)
            ? null
            : "is not a registry; give host[:port][/path] with a lowercase path, such as '127.0.0.1:5000' or 'registry.example.com/team'";
    }

    /// <summary>Gets what is wrong with a pip index URL, or null.</summary>
    public static string? IndexUrlProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Text.IsVisibleAscii(value))
        {
            return "contains spaces, control or non-ASCII characters";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return "is not an http:// or https:// URL";
        }

        // Never echo the value: it may hold a password.
        return uri.UserInfo.Length > 0 ? "has credentials in the URL (value not shown); configure pip credentials outside the repository (a netrc or keyring), never in files" : null;
    }

    private static void Templates(string value, string? root, ValidationScope scope)
    {
        var problem = Text.SingleLineProblem(value) ?? CodeSourceRules.LocalSyntaxProblem(value);
        if (problem is not null)
        {
            scope.Error("templates", $"'{Text.Clip(value)}' {problem.Replace("function folder", "repository", StringComparison.Ordinal).Replace("code_src", "templates", StringComparison.Ordinal)}.");
            return;
        }

        if (root is null)
        {
            return;
        }

        var resolved = ContainedPath.Resolve(root, value);
        if (resolved.Problem is not null)
        {
            scope.Error("templates", $"'{Text.Clip(value)}' {resolved.Problem.Replace("function folder", "repository", StringComparison.Ordinal)}.");
        }
        else if (resolved.Kind != FileKind.Directory)
        {
            scope.Error("templates", $"'{Text.Clip(value)}' is {(resolved.Kind == FileKind.Missing ? "missing" : FileKinds.Describe(resolved.Kind))}; it must be a folder inside the repository.");
        }
    }

    [GeneratedRegex(
        @"\A(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]{1,5})?" +
        @"(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*\z",
        RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 100)]
    private static partial Regex RegistryPattern();
}
