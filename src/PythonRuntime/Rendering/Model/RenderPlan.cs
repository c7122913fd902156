using PythonRuntime.Rendering.Quoting;
using PythonRuntime.Specs;

namespace PythonRuntime.Rendering.Model;

/// <summary>
/// The settings one render shares across functions, checked once: namespace, run id and its short form,
/// commit, registry, pip index and the build job's fixed inputs.
/// </summary>
internal sealed record RenderPlan(
    DefinitionSet Set,
    RenderOptions Options,
    string Namespace,
    string RunId,
    string RunShort,
    string Version,
    string Registry,
    string? PipIndexUrl,
    string KanikoImage)
{
    /// <summary>The value of the <c>app.kubernetes.io/managed-by</c> label.</summary>
    public const string ManagedBy = "pythonruntime";

    private const int RunShortLength = 8;

    /// <summary>Checks the options; returns null after adding problems when a render cannot start.</summary>
    public static RenderPlan? Create(DefinitionSet set, RenderOptions options, RenderProblems problems)
    {
        var before = problems.HasProblems;
        var failed = false;
        void Fail(string message)
        {
            failed = true;
            problems.General(-1, message);
        }

        var ns = options.Namespace ?? set.Project.Namespace ?? "default";
        if (KubernetesNames.CheckDnsLabel(ns) is { } nsProblem)
        {
            Fail($"The namespace {MessageText.Show(ns)} {nsProblem}; fix 'namespace' in project.yaml or the namespace option.");
        }

        var runId = options.RunId ?? string.Empty;
        var runShort = new string(runId.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(RunShortLength).ToArray());
        if (runId.Length == 0 || KubernetesNames.CheckLabelValue(runId) is not null)
        {
            Fail($"The run id {MessageText.Show(runId)} must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (it names Jobs and labels them).");
        }

        var commit = options.Commit;
        if (commit is not null && (commit.Length == 0 || KubernetesNames.CheckLabelValue(commit) is not null))
        {
            Fail($"The commit {MessageText.Show(commit)} must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit; pass the output of 'git rev-parse HEAD'.");
        }

        var registry = options.Registry ?? set.Project.Registry ?? "localhost";
        if (ImageReference.TryParse(registry + "/probe:1", out _) is null || registry.Contains('@', StringComparison.Ordinal))
        {
            Fail($"The registry {MessageText.Show(registry)} is not a registry host (for example '127.0.0.1:5000' or 'registry.example.com/team'); fix 'registry' in project.yaml or the registry option.");
        }

        if (options.BaseImageOverride is { } baseImage && ImageReference.TryParsePinned(baseImage, out var baseProblem) is null)
        {
            Fail($"The base image override {MessageText.Show(baseImage)} {baseProblem}.");
        }

        if (ImageReference.TryParsePinned(options.KanikoImage ?? string.Empty, out var kanikoProblem) is null)
        {
            Fail($"The Kaniko image {MessageText.Show(options.KanikoImage)} {kanikoProblem}.");
        }

        if (KubernetesNames.CheckDnsSubdomain(options.RegistrySecret ?? string.Empty) is { } secretProblem)
        {
            Fail($"The registry Secret name {MessageText.Show(options.RegistrySecret)} {secretProblem}.");
        }

        foreach (var (what, value) in new[]
        {
            ("job backoff limit", options.JobBackoffLimit),
            ("job TTL after finishing", options.JobTtlSecondsAfterFinished),
        })
        {
            if (value < 0)
            {
                Fail($"The {what} is {value}; it must be 0 or more.");
            }
        }

        if (options.JobActiveDeadlineSeconds <= 0 || options.BuildActiveDeadlineSeconds <= 0)
        {
            Fail($"The job and build deadlines must be more than 0 seconds (got {options.JobActiveDeadlineSeconds} and {options.BuildActiveDeadlineSeconds}).");
        }

        var pipIndex = set.Project.PipIndexUrl;
        if (pipIndex is not null && CheckIndexUrl(pipIndex) is { } indexProblem)
        {
            Fail($"The pip index URL {MessageText.Show(pipIndex)} in project.yaml {indexProblem}.");
        }

        if (failed || before != problems.HasProblems)
        {
            return null;
        }

        return new RenderPlan(set, options, ns, runId, runShort, commit ?? "dev", registry, pipIndex, options.KanikoImage!);
    }

    // The index URL becomes a build argument, which images keep in their history: it may never carry credentials.
    private static string? CheckIndexUrl(string url)
    {
        if (TextRules.FindLineBreaker(url) is { } breaker)
        {
            return $"holds {breaker}";
        }

        if (url.Any(char.IsWhiteSpace) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "is not an absolute http:// or https:// URL";
        }

        return uri.UserInfo.Length > 0 || url.Contains('@', StringComparison.Ordinal)
            ? "carries credentials (user:password@); images keep build arguments in their history, so give pip its credentials another way (a netrc or keyring on the build machine) and keep the URL without them"
            : null;
    }
}
