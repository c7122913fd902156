using System.Text.RegularExpressions;

namespace PythonRuntime.Validation;

/// <summary>
/// Recognises literal secrets in definitions, which must instead be references to Kubernetes Secrets
/// (<c>secrets:</c>). A literal value would end up in the manifest, the store and logs.
/// Names are matched by whole words between '_', '-' and '.', not by substring, so that
/// <c>TOKENIZERS_PARALLELISM</c> or <c>MAX_TOKENS</c> (common, harmless settings) are not refused while
/// <c>HF_TOKEN</c>, <c>DB_PASSWORD</c>, <c>CLIENT_SECRET</c>, <c>OPENAI_API_KEY</c> and
/// <c>AWS_SECRET_ACCESS_KEY</c> are. Values are matched by well-known secret shapes whatever their name.
/// Messages never repeat a value that looks secret.
/// </summary>
public static partial class SecretHeuristics
{
    /// <summary>Gets a value indicating whether an environment variable of this name holds a secret by convention.</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SecretWordPattern().IsMatch(name) || AzureKeyPattern().IsMatch(name);
    }

    /// <summary>Gets a description of the secret shape <paramref name="value"/> has (a private key, a cloud token), or null.</summary>
    public static string? SecretShape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (PrivateKeyPattern().IsMatch(value))
        {
            return "a private key";
        }

        return TokenPattern().IsMatch(value) ? "an access token" : null;
    }

    // Whole words: PASSWORD, PASSWD, PASS, TOKEN, SECRET, BEARER, CREDENTIAL(S), APIKEY, API_KEY, PRIVATE_KEY.
    [GeneratedRegex(@"(?:\A|[-_.])(?:PASSWORD|PASSWD|PASS|TOKEN|SECRET|BEARER|CREDENTIALS?|APIKEY|API[-_.]KEY|PRIVATE[-_.]KEY)(?:\z|[-_.])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex SecretWordPattern();

    [GeneratedRegex(@"\AAZURE_.+KEY\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex AzureKeyPattern();

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PrivateKeyPattern();

    // AWS access key ids, GitHub, GitLab and Slack tokens: prefixes those services document for secret scanning.
    [GeneratedRegex(@"\b(?:AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TokenPattern();
}
