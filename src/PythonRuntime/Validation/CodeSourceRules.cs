using System.Text.RegularExpressions;
using PythonRuntime.Loading;

namespace PythonRuntime.Validation;

/// <summary>
/// Rules for <c>code_src</c>: either a relative path that stays inside the function folder (a regular file or
/// a folder; no '..', no absolute path, no backslash, no link leading out), or a remote URI of a supported
/// scheme. With inline <c>code</c>/<c>base64</c> it names the file the inline code is written to, so it must
/// then be a relative <c>.py</c> path and need not exist.
/// </summary>
public static partial class CodeSourceRules
{
    /// <summary>The schemes accepted for a remote <c>code_src</c>, as shown in messages.</summary>
    public const string SupportedForms = "a relative path inside the function folder, http://, https://, zip+http://, zip+https:// or git+https://host/repo#ref";

    private static readonly string[] HttpSchemes = ["http", "https", "zip+http", "zip+https"];

    /// <summary>Checks <paramref name="value"/>; <paramref name="directory"/> is the function folder (null when unknown).</summary>
    public static void Check(string value, bool hasInlineCode, string? directory, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(scope);
        var shown = Text.Clip(value);
        if (Text.SingleLineProblem(value) is { } control)
        {
            scope.Error(field, $"'{shown}' {control}.");
            return;
        }

        if (value.Length > Limits.MaxLineLength)
        {
            scope.Error(field, $"is longer than {Limits.MaxLineLength} characters.");
            return;
        }

        var scheme = SchemePattern().Match(value);
        if (scheme.Success)
        {
            if (hasInlineCode)
            {
                scope.Error(field, $"'{shown}' is a URI, but with code or base64 code_src names the file the inline code is written to; use a relative .py path such as 'main.py', or drop code/base64.");
                return;
            }

            var problem = RemoteProblem(value, scheme.Groups[1].Value.ToLowerInvariant());
            if (problem is not null)
            {
                scope.Error(field, $"'{shown}' {problem}.");
            }

            return;
        }

        var local = LocalSyntaxProblem(value);
        if (local is not null)
        {
            scope.Error(field, $"'{shown}' {local}.");
            return;
        }

        if (hasInlineCode)
        {
            CheckInlineTarget(value, directory, field, scope);
            return;
        }

        if (directory is null)
        {
            scope.Error(field, $"'{shown}' is a relative path, but there is no function folder to resolve it against.");
            return;
        }

        CheckLocal(value, directory, field, scope);
    }

    /// <summary>Gets what is wrong with the text of a relative path (before touching the disk), or null.</summary>
    public static string? LocalSyntaxProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return "is empty; name a file or folder such as 'main.py'";
        }

        if (value.Contains('\\', StringComparison.Ordinal))
        {
            return "contains a backslash; use '/' between folders";
        }

        if (value.StartsWith('/'))
        {
            return "is an absolute path; use a path relative to the function folder";
        }

        if (value.StartsWith('~'))
        {
            return "starts with '~'; use a path relative to the function folder";
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            return $"contains ':' but is not a supported URI; use {SupportedForms}";
        }

        if (value.Split('/').Any(part => part == ".."))
        {
            return "contains a '..' segment; code_src must stay inside the function folder";
        }

        return null;
    }

    private static string? RemoteProblem(string value, string scheme)
    {
        if (!Text.IsVisibleAscii(value))
        {
            return "contains spaces or non-ASCII characters; percent-encode them";
        }

        if (scheme == "git+https")
        {
            return GitProblem(value["git+".Length..]);
        }

        if (!HttpSchemes.Contains(scheme, StringComparer.Ordinal))
        {
            return $"uses the scheme '{scheme}://', which is not supported; use {SupportedForms}";
        }

        var url = scheme.StartsWith("zip+", StringComparison.Ordinal) ? value["zip+".Length..] : value;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return "is not a valid URL";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "has credentials in the URL; credentials never go into definition files";
        }

        return uri.AbsolutePath is "" or "/" ? "names no file; add the path of the file or archive" : null;
    }

    private static string? GitProblem(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            return "has no '#ref'; pin a branch, tag or commit (git+https://host/repo#v1.0) so builds are reproducible";
        }

        var reference = url[(hash + 1)..];
        if (!Uri.TryCreate(url[..hash], UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.Query.Length > 0)
        {
            return "is not a valid git+https URL (git+https://host/path#ref)";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "has credentials in the URL; credentials never go into definition files";
        }

        if (uri.AbsolutePath is "" or "/")
        {
            return "names no repository path";
        }

        // The ref reaches git's command line: it must not look like an option or hold odd characters.
        return GitRefPattern().IsMatch(reference) && !reference.Contains("..", StringComparison.Ordinal) && !reference.EndsWith('/') && !reference.EndsWith(".lock", StringComparison.Ordinal)
            ? null
            : $"has the ref '{Text.Clip(reference)}', which is not a branch, tag or commit name (letters, digits, '.', '_', '-', '/', not starting with '-')";
    }

    private static void CheckInlineTarget(string value, string? directory, string field, ValidationScope scope)
    {
        if (!value.EndsWith(".py", StringComparison.Ordinal))
        {
            scope.Error(field, $"'{Text.Clip(value)}' must name a .py file: with code or base64, code_src is the file the inline code is written to.");
            return;
        }

        if (directory is null)
        {
            return;
        }

        // The file need not exist, but an existing part of its path must not lead out of the folder.
        var resolved = ContainedPath.Resolve(directory, value);
        if (resolved.Problem is not null)
        {
            scope.Error(field, $"'{Text.Clip(value)}' {resolved.Problem}.");
        }
        else if (resolved.Kind == FileKind.Directory)
        {
            scope.Error(field, $"'{Text.Clip(value)}' is a folder; with code or base64, code_src must name a .py file.");
        }
    }

    private static void CheckLocal(string value, string directory, string field, ValidationScope scope)
    {
        var shown = Text.Clip(value);
        var resolved = ContainedPath.Resolve(directory, value);
        if (resolved.Problem is not null)
        {
            scope.Error(field, $"'{shown}' {resolved.Problem}.");
            return;
        }

        switch (resolved.Kind)
        {
            case FileKind.Missing:
                scope.Error(field, $"'{shown}' does not exist in the function folder '{directory}'; create it or give the code inline with code or base64.");
                break;
            case FileKind.Regular:
                var length = new FileInfo(resolved.FullPath!).Length;
                if (length > Limits.MaxCodeFileBytes)
                {
                    scope.Error(field, $"'{shown}' is {length} bytes; code files may have at most {Limits.MaxCodeFileBytes}.");
                }

                break;
            case FileKind.Directory:
                foreach (var problem in CodeFolderScan.Problems(directory, resolved.FullPath!))
                {
                    scope.Error(field, $"'{shown}' {problem}.");
                }

                break;
            default:
                scope.Error(field, $"'{shown}' is {FileKinds.Describe(resolved.Kind)}; code_src must be a regular file or a folder.");
                break;
        }
    }

    // Two characters at least, so a Windows drive letter ("C:") is not taken for a scheme.
    [GeneratedRegex(@"\A([A-Za-z][A-Za-z0-9+.-]+):", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SchemePattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9._/-]{0,254}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex GitRefPattern();
}
