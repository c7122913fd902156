namespace PythonRuntime.Rendering.Model;

/// <summary>Deployment settings (<c>deployment</c> in deployment.yaml.sbn).</summary>
internal sealed record DeploymentModel(int Replicas, int RevisionHistoryLimit, int ProgressDeadlineSeconds, IReadOnlyList<NamedValue> Selector);
