using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>
/// Rules for <c>tolerations</c>, as the API server checks them: operator Exists or Equal (empty means Equal);
/// Exists takes no value; an empty key only with Exists; effect NoSchedule, PreferNoSchedule, NoExecute or
/// empty (all effects); toleration_seconds only with NoExecute and not negative.
/// </summary>
public static class TolerationRules
{
    private static readonly string[] Operators = ["Exists", "Equal"];

    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>Checks <paramref name="tolerations"/> at <paramref name="field"/>.</summary>
    public static void Check(IReadOnlyList<TolerationSpec> tolerations, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(tolerations);
        ArgumentNullException.ThrowIfNull(scope);
        for (var i = 0; i < tolerations.Count; i++)
        {
            One(tolerations[i], FieldPath.Index(field, i), scope);
        }
    }

    private static void One(TolerationSpec toleration, string field, ValidationScope scope)
    {
        var op = string.IsNullOrEmpty(toleration.Operator) ? "Equal" : toleration.Operator;
        if (!Operators.Contains(op, StringComparer.Ordinal))
        {
            scope.Error(FieldPath.Key(field, "operator"), $"'{Text.Clip(op)}' is not allowed; use one of: {string.Join(", ", Operators)}.");
        }

        var key = toleration.Key ?? string.Empty;
        if (key.Length == 0 && op != "Exists")
        {
            scope.Error(scope.Pick(FieldPath.Key(field, "key"), field), "is required unless the operator is Exists (an empty key with Exists tolerates every taint).");
        }
        else if (key.Length > 0 && KubernetesNames.QualifiedName(key) is { } keyProblem)
        {
            scope.Error(FieldPath.Key(field, "key"), $"'{Text.Clip(key)}' {keyProblem}.");
        }

        var value = toleration.Value ?? string.Empty;
        if (op == "Exists" && value.Length > 0)
        {
            scope.Error(FieldPath.Key(field, "value"), $"'{Text.Clip(value)}' must be empty when the operator is Exists.");
        }
        else if (KubernetesNames.LabelValue(value) is { } valueProblem)
        {
            scope.Error(FieldPath.Key(field, "value"), $"'{Text.Clip(value)}' {valueProblem}.");
        }

        var effect = toleration.Effect ?? string.Empty;
        if (effect.Length > 0 && !Effects.Contains(effect, StringComparer.Ordinal))
        {
            scope.Error(FieldPath.Key(field, "effect"), $"'{Text.Clip(effect)}' is not allowed; use one of: {string.Join(", ", Effects)}, or leave it empty for all effects.");
        }

        if (toleration.TolerationSeconds is { } seconds)
        {
            var secondsField = scope.Pick(FieldPath.Key(field, "toleration_seconds"), FieldPath.Key(field, "tolerationSeconds"));
            if (effect != "NoExecute")
            {
                scope.Error(secondsField, "only applies to the NoExecute effect; set effect: NoExecute or drop it.");
            }
            else if (seconds < 0)
            {
                scope.Error(secondsField, $"'{seconds}' is negative; use 0 or more seconds.");
            }
        }
    }
}
