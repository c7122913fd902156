using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>
/// Rules for the <c>run</c> defaults. The handler is called with <c>{**parameters, **inputs}</c> by name and
/// the init function with <c>context</c> then <c>**init_parameters</c>, so every name must be a Python
/// identifier, must not be one of the names the runner injects (<c>context</c>, <c>project</c>, <c>run</c>),
/// and a name may not be both a parameter and an input.
/// </summary>
public static class RunRules
{
    /// <summary>The handler arguments the runner fills itself.</summary>
    public static readonly IReadOnlyList<string> Injected = ["context", "project", "run"];

    /// <summary>Checks <paramref name="run"/> at <paramref name="field"/>.</summary>
    public static void Check(RunSpec run, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(scope);
        Names(run.Parameters.Keys, FieldPath.Key(field, "parameters"), Injected, scope);
        Names(run.Inputs.Keys, FieldPath.Key(field, "inputs"), Injected, scope);
        Names(run.InitParameters.Keys, FieldPath.Key(field, "init_parameters"), ["context"], scope);
        foreach (var (name, key) in run.Inputs)
        {
            var path = FieldPath.Key(FieldPath.Key(field, "inputs"), name);
            if (key.Trim().Length == 0)
            {
                scope.Error(path, "is empty; give an entity key such as 'store://demo/artifact/data:1'.");
            }
            else if (!IsInputKey(key, out var problem))
            {
                scope.Error(path, $"'{Text.Clip(key)}' is not an entity key: {problem}; give {Store.EntityKey.Grammar}, or ':latest' in place of the id for the newest artifact of that name.");
            }

            if (run.Parameters.ContainsKey(name))
            {
                scope.Error(path, $"'{name}' is both a parameter and an input; the handler gets one value per name, so rename one.");
            }
        }
    }

    /// <summary>Checks the names of function outputs: unique, and safe as file and entity names.</summary>
    public static void Outputs(IReadOnlyList<string> outputs, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(scope);
        for (var i = 0; i < outputs.Count; i++)
        {
            var name = outputs[i];
            if (name == "status")
            {
                scope.Error(FieldPath.Index(field, i), "'status' is reserved: the runner writes its own status.json beside the outputs; choose another name.");
            }
            else if (name.Length > KubernetesNames.MaxLabelLength || name is "." or ".." || !OutputName(name))
            {
                scope.Error(FieldPath.Index(field, i), $"'{Text.Clip(name)}' is not a valid output name; use up to {KubernetesNames.MaxLabelLength} letters, digits, '_', '.' and '-', starting with a letter, digit or '_'.");
            }
        }

        Rules.Unique(outputs, o => o, i => FieldPath.Index(field, i), "output name", scope);
    }

    private static void Names(IEnumerable<string> names, string field, IReadOnlyList<string> reserved, ValidationScope scope)
    {
        foreach (var name in names)
        {
            var path = FieldPath.Key(field, name);
            if (!PythonNames.IsIdentifier(name))
            {
                scope.Error(path, $"'{Text.Clip(name)}' is not a Python identifier; it is passed to the handler as a keyword argument.");
            }
            else if (reserved.Contains(name, StringComparer.Ordinal))
            {
                scope.Error(path, $"'{name}' is filled in by the runner; choose another name.");
            }
        }
    }

    /// <summary>Gets whether <paramref name="key"/> is an entity key, or an artifact key whose id is <c>latest</c>.</summary>
    public static bool IsInputKey(string key, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(key);
        const string Latest = ":latest";
        if (key.EndsWith(Latest, StringComparison.Ordinal))
        {
            var probe = key[..^Latest.Length] + ":" + new string('0', 32);
            if (!Store.EntityKey.TryParse(probe, out var parsed, out problem))
            {
                return false;
            }

            problem = parsed.Kind == Store.EntityKind.Artifact ? null : "only artifact keys may end in ':latest'";
            return problem is null;
        }

        return Store.EntityKey.TryParse(key, out _, out problem);
    }

    private static bool OutputName(string name) =>
        name.Length > 0 && (char.IsAsciiLetterOrDigit(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
