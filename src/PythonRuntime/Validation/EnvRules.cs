using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>
/// Rules for <c>envs</c> and <c>secrets</c>. Env names follow Kubernetes, are unique and stay out of the
/// toolkit's reserved <c>PYTHONRUNTIME_</c> prefix; values are single lines. A literal value that looks like a
/// secret is refused and the user is pointed at <c>secrets:</c>, which lists Kubernetes Secret names only.
/// </summary>
public static class EnvRules
{
    /// <summary>The prefix of the variables the runner itself reads.</summary>
    public const string ReservedPrefix = "PYTHONRUNTIME_";

    private const string UseSecrets = "put it in a Kubernetes Secret and list the Secret's name under secrets: instead (values never go into definition files)";

    /// <summary>Checks <paramref name="envs"/> at <paramref name="field"/>.</summary>
    public static void CheckEnvs(IReadOnlyList<EnvVarSpec> envs, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentNullException.ThrowIfNull(scope);
        for (var i = 0; i < envs.Count; i++)
        {
            var env = envs[i];
            var path = FieldPath.Index(field, i);
            var nameField = FieldPath.Key(path, "name");
            var valueField = FieldPath.Key(path, "value");
            if (KubernetesNames.EnvVarName(env.Name) is { } nameProblem)
            {
                scope.Error(nameField, $"'{Text.Clip(env.Name)}' {nameProblem}.");
            }
            else if (env.Name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                scope.Error(nameField, $"'{env.Name}' uses the prefix {ReservedPrefix}, which is reserved for the toolkit's runner.");
            }

            // Secret checks come first and never echo the value.
            if (SecretHeuristics.SecretShape(env.Value) is { } shape)
            {
                scope.Error(valueField, $"looks like {shape} (value not shown); {UseSecrets}.");
            }
            else if (env.Value.Length > 0 && SecretHeuristics.IsSecretName(env.Name))
            {
                scope.Error(valueField, $"is a literal value for '{env.Name}', whose name says it is a secret (value not shown); {UseSecrets}.");
            }
            else if (Text.SingleLineProblem(env.Value) is { } control)
            {
                scope.Error(valueField, $"{control}.");
            }
        }

        Rules.Unique(envs, e => e.Name, i => FieldPath.Key(FieldPath.Index(field, i), "name"), "environment variable", scope);
    }

    /// <summary>Checks <paramref name="secrets"/> (Kubernetes Secret names) at <paramref name="field"/>.</summary>
    public static void CheckSecrets(IReadOnlyList<string> secrets, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(scope);
        for (var i = 0; i < secrets.Count; i++)
        {
            var name = secrets[i];
            var path = FieldPath.Index(field, i);
            if (LooksLiteral(name))
            {
                scope.Error(path, "looks like a literal secret value (value not shown); list the name of a Kubernetes Secret (such as 'api-token') and keep the value in the cluster.");
            }
            else if (KubernetesNames.DnsSubdomain(name) is { } problem)
            {
                scope.Error(path, $"'{name}' {problem}; list the name of a Kubernetes Secret.");
            }
        }

        // Literal-looking entries are already reported and must not be echoed by a duplicate message.
        var names = secrets.Select((name, index) => (Name: name, Index: index)).Where(entry => !LooksLiteral(entry.Name)).ToArray();
        Rules.Unique(names, entry => entry.Name, j => FieldPath.Index(field, names[j].Index), "secret", scope);
    }

    private static bool LooksLiteral(string value) =>
        value.Length > KubernetesNames.MaxSubdomainLength
        || value.Any(c => c is '=' or ':' or '+' or '/' or '@' || char.IsWhiteSpace(c) || char.IsControl(c) || c > 0x7E)
        || SecretHeuristics.SecretShape(value) is not null;
}
