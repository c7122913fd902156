using System.Text.Json;
using PythonRuntime.Rendering.Quoting;
using PythonRuntime.Specs;

namespace PythonRuntime.Rendering.Model;

/// <summary>Labels (Kubernetes recommended set) and annotations (commit, spec hash, description, function labels).</summary>
internal sealed partial class ModelBuilder
{
    public const string CommitAnnotation = "pythonruntime.io/commit";
    public const string SpecHashAnnotation = "pythonruntime.io/spec-hash";
    public const string DescriptionAnnotation = "pythonruntime.io/description";
    public const string FunctionLabelsAnnotation = "pythonruntime.io/function-labels";
    public const string RunIdLabel = "pythonruntime.io/run-id";

    // The function part of the spec hash is the same for every manifest of the function: serialize it once.
    private byte[] FunctionJson => _functionJson ??= CanonicalJson.Write(_spec);

    // Every manifest of one render shares the run too.
    private byte[] RunJson(RunSpec run)
    {
        if (!ReferenceEquals(_runJsonFor, run))
        {
            _runJson = CanonicalJson.Write(run);
            _runJsonFor = run;
        }

        return _runJson!;
    }

    private ObjectMetaModel Metadata(string name, string component, TaskSpec task, RunSpec run, bool includeRunId)
    {
        var labels = new List<NamedValue>
        {
            new("app.kubernetes.io/name", Name),
            new("app.kubernetes.io/instance", name),
            new("app.kubernetes.io/version", _plan.Version),
            new("app.kubernetes.io/component", component),
            new("app.kubernetes.io/part-of", _project),
            new("app.kubernetes.io/managed-by", RenderPlan.ManagedBy),
        };
        if (includeRunId)
        {
            labels.Add(new NamedValue(RunIdLabel, _plan.RunId));
        }

        var annotations = new List<NamedValue>
        {
            new(CommitAnnotation, _plan.Options.Commit ?? "dev"),
            new(SpecHashAnnotation, CanonicalJson.Sha256(("function", FunctionJson), ("task", CanonicalJson.Write(task)), ("run", RunJson(run)))),
        };
        if (_spec.Description is { } description)
        {
            annotations.Add(new NamedValue(DescriptionAnnotation, description));
        }

        if (_spec.Labels.Count > 0)
        {
            // Function labels are free-form tags, not Kubernetes label values: they travel as one JSON annotation.
            annotations.Add(new NamedValue(FunctionLabelsAnnotation, JsonSerializer.Serialize(_spec.Labels)));
        }

        return new ObjectMetaModel(name, _plan.Namespace, labels, annotations);
    }

    private static List<NamedValue> Selector(string instance, string component) =>
    [
        new("app.kubernetes.io/name", instance),
        new("app.kubernetes.io/instance", instance),
        new("app.kubernetes.io/component", component),
    ];

    private List<NamedValue> PodAnnotations(ObjectMetaModel meta) =>
        meta.Annotations.Where(a => a.Key is CommitAnnotation or SpecHashAnnotation).ToList();

    private bool CheckLabels(string field, IEnumerable<NamedValue> labels)
    {
        var ok = true;
        foreach (var label in labels)
        {
            if (KubernetesNames.CheckQualifiedName(label.Key) is { } keyProblem)
            {
                _problems.Add(field, $"The label key {MessageText.Show(label.Key)} {keyProblem}.");
                ok = false;
            }

            if (KubernetesNames.CheckLabelValue(label.Value) is { } valueProblem)
            {
                _problems.Add(field, $"The label value {MessageText.Show(label.Value)} of {MessageText.Show(label.Key)} {valueProblem}.");
                ok = false;
            }
        }

        return ok;
    }
}
