using System.Text.Json;
using k8s.Models;
using PythonRuntime.Loading;

namespace PythonRuntime.Validation;

/// <summary>
/// Rules for <c>affinity</c>: the Kubernetes <c>V1Affinity</c> shape with camelCase keys, as in a pod spec.
/// The shape is checked against the KubernetesClient model (every unknown field reported), then the value is
/// deserialized strictly into <see cref="V1Affinity"/> and the API server's own value rules are applied
/// (operators, values per operator, weights 1..100, label keys), so a bad affinity fails here, not at apply.
/// </summary>
public static class AffinityRules
{
    private static readonly JsonSerializerOptions Strict = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(V1NodeSelector)] = ["nodeSelectorTerms"],
        [typeof(V1NodeSelectorRequirement)] = ["key", "operator"],
        [typeof(V1PreferredSchedulingTerm)] = ["weight", "preference"],
        [typeof(V1WeightedPodAffinityTerm)] = ["weight", "podAffinityTerm"],
        [typeof(V1PodAffinityTerm)] = ["topologyKey"],
        [typeof(V1LabelSelectorRequirement)] = ["key", "operator"],
    };

    private static readonly string[] NodeOperators = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];

    private static readonly string[] LabelOperators = ["In", "NotIn", "Exists", "DoesNotExist"];

    /// <summary>Checks <paramref name="affinity"/> at <paramref name="field"/>.</summary>
    public static void Check(JsonElement affinity, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!ModelShape.Check(affinity, typeof(V1Affinity), field, Required, scope))
        {
            return;
        }

        V1Affinity? model;
        try
        {
            model = JsonSerializer.Deserialize<V1Affinity>(affinity, Strict);
        }
        catch (JsonException ex)
        {
            scope.Error(field, $"does not fit the Kubernetes Affinity model: {ex.Message}");
            return;
        }

        if (model is null)
        {
            return;
        }

        Node(model.NodeAffinity, FieldPath.Key(field, "nodeAffinity"), scope);
        Pod(model.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, model.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution, FieldPath.Key(field, "podAffinity"), scope);
        Pod(model.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution, model.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution, FieldPath.Key(field, "podAntiAffinity"), scope);
    }

    private static void Node(V1NodeAffinity? node, string field, ValidationScope scope)
    {
        if (node is null)
        {
            return;
        }

        if (node.RequiredDuringSchedulingIgnoredDuringExecution is { } required)
        {
            var path = FieldPath.Key(FieldPath.Key(field, "requiredDuringSchedulingIgnoredDuringExecution"), "nodeSelectorTerms");
            if (required.NodeSelectorTerms is { Count: 0 })
            {
                scope.Error(path, "is empty; give at least one term.");
            }

            for (var i = 0; i < (required.NodeSelectorTerms?.Count ?? 0); i++)
            {
                Term(required.NodeSelectorTerms![i], FieldPath.Index(path, i), scope);
            }
        }

        var preferred = node.PreferredDuringSchedulingIgnoredDuringExecution ?? [];
        for (var i = 0; i < preferred.Count; i++)
        {
            var path = FieldPath.Index(FieldPath.Key(field, "preferredDuringSchedulingIgnoredDuringExecution"), i);
            Weight(preferred[i].Weight, FieldPath.Key(path, "weight"), scope);
            if (preferred[i].Preference is { } preference)
            {
                Term(preference, FieldPath.Key(path, "preference"), scope);
            }
        }
    }

    private static void Term(V1NodeSelectorTerm term, string field, ValidationScope scope)
    {
        Requirements(term.MatchExpressions, FieldPath.Key(field, "matchExpressions"), labelValues: true, scope);
        Requirements(term.MatchFields, FieldPath.Key(field, "matchFields"), labelValues: false, scope);
    }

    private static void Requirements(IList<V1NodeSelectorRequirement>? items, string field, bool labelValues, ValidationScope scope)
    {
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var item = items![i];
            Requirement(item.Key, item.OperatorProperty, item.Values, FieldPath.Index(field, i), NodeOperators, labelValues, scope);
        }
    }

    private static void Requirement(string? key, string? op, IList<string>? values, string field, string[] operators, bool labelValues, ValidationScope scope)
    {
        // Values compare with node labels (label values) or node fields such as metadata.name (any single line).
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            var value = values![i] ?? string.Empty;
            var problem = labelValues ? KubernetesNames.LabelValue(value) : Text.SingleLineProblem(value);
            if (problem is not null)
            {
                scope.Error(FieldPath.Index(FieldPath.Key(field, "values"), i), $"'{Text.Clip(value)}' {problem}.");
            }
        }

        if (key is not null && KubernetesNames.QualifiedName(key) is { } keyProblem)
        {
            scope.Error(FieldPath.Key(field, "key"), $"'{Text.Clip(key)}' {keyProblem}.");
        }

        if (op is null)
        {
            return;
        }

        if (!operators.Contains(op, StringComparer.Ordinal))
        {
            scope.Error(FieldPath.Key(field, "operator"), $"'{Text.Clip(op)}' is not allowed; use one of: {string.Join(", ", operators)}.");
            return;
        }

        var count = values?.Count ?? 0;
        var valuesField = FieldPath.Key(field, "values");
        switch (op)
        {
            case "In" or "NotIn" when count == 0:
                scope.Error(valuesField, $"must list at least one value for the operator '{op}'.");
                break;
            case "Exists" or "DoesNotExist" when count > 0:
                scope.Error(valuesField, $"must be empty for the operator '{op}'.");
                break;
            case "Gt" or "Lt" when count != 1 || !long.TryParse(values![0], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _):
                scope.Error(valuesField, $"must hold exactly one whole number for the operator '{op}'.");
                break;
        }
    }

    private static void Pod(IList<V1PodAffinityTerm>? required, IList<V1WeightedPodAffinityTerm>? preferred, string field, ValidationScope scope)
    {
        for (var i = 0; i < (required?.Count ?? 0); i++)
        {
            PodTerm(required![i], FieldPath.Index(FieldPath.Key(field, "requiredDuringSchedulingIgnoredDuringExecution"), i), scope);
        }

        for (var i = 0; i < (preferred?.Count ?? 0); i++)
        {
            var path = FieldPath.Index(FieldPath.Key(field, "preferredDuringSchedulingIgnoredDuringExecution"), i);
            Weight(preferred![i].Weight, FieldPath.Key(path, "weight"), scope);
            if (preferred[i].PodAffinityTerm is { } term)
            {
                PodTerm(term, FieldPath.Key(path, "podAffinityTerm"), scope);
            }
        }
    }

    private static void PodTerm(V1PodAffinityTerm term, string field, ValidationScope scope)
    {
        if (term.TopologyKey is { } topology && (topology.Length == 0 || KubernetesNames.QualifiedName(topology) is not null))
        {
            scope.Error(FieldPath.Key(field, "topologyKey"), $"'{Text.Clip(topology)}' is not a node label key such as 'kubernetes.io/hostname'.");
        }

        foreach (var (name, keys) in new[] { ("matchLabelKeys", term.MatchLabelKeys), ("mismatchLabelKeys", term.MismatchLabelKeys) })
        {
            for (var i = 0; i < (keys?.Count ?? 0); i++)
            {
                if (KubernetesNames.QualifiedName(keys![i] ?? string.Empty) is { } problem)
                {
                    scope.Error(FieldPath.Index(FieldPath.Key(field, name), i), $"'{Text.Clip(keys[i] ?? string.Empty)}' {problem}.");
                }
            }
        }

        Selector(term.LabelSelector, FieldPath.Key(field, "labelSelector"), scope);
        Selector(term.NamespaceSelector, FieldPath.Key(field, "namespaceSelector"), scope);
        var namespaces = term.Namespaces ?? [];
        for (var i = 0; i < namespaces.Count; i++)
        {
            if (KubernetesNames.DnsLabel(namespaces[i]) is { } problem)
            {
                scope.Error(FieldPath.Index(FieldPath.Key(field, "namespaces"), i), $"'{Text.Clip(namespaces[i])}' {problem}.");
            }
        }
    }

    private static void Selector(V1LabelSelector? selector, string field, ValidationScope scope)
    {
        if (selector is null)
        {
            return;
        }

        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            var path = FieldPath.Key(FieldPath.Key(field, "matchLabels"), key);
            if (KubernetesNames.QualifiedName(key) is { } keyProblem)
            {
                scope.Error(path, $"'{Text.Clip(key)}' {keyProblem}.");
            }
            else if (KubernetesNames.LabelValue(value ?? string.Empty) is { } valueProblem)
            {
                scope.Error(path, $"'{Text.Clip(value ?? string.Empty)}' {valueProblem}.");
            }
        }

        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var item = expressions[i];
            Requirement(item.Key, item.OperatorProperty, item.Values, FieldPath.Index(FieldPath.Key(field, "matchExpressions"), i), LabelOperators, labelValues: true, scope);
        }
    }

    private static void Weight(int weight, string field, ValidationScope scope)
    {
        if (weight is < 1 or > 100)
        {
            scope.Error(field, $"'{weight}' is out of range; use a weight from 1 to 100.");
        }
    }
}
