using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using PythonRuntime.Rendering.Quoting;
using PythonRuntime.Specs;

namespace PythonRuntime.Rendering.Model;

/// <summary>The Job's and the Deployment's pod: scheduling, environment and the runner's arguments.</summary>
internal sealed partial class ModelBuilder
{
    public const string SpecEnv = "PYTHONRUNTIME_SPEC";
    public const string TerminationLogEnv = "PYTHONRUNTIME_TERMINATION_LOG";
    public const string SecretsDirEnv = "PYTHONRUNTIME_SECRETS_DIR";

    private static readonly string[] SensitiveNameParts = ["PASSWORD", "PASSWD", "TOKEN", "TOKENS", "BEARER", "SECRET", "SECRETS", "APIKEY", "CREDENTIALS"];

    private static readonly Regex SensitiveName = new(
        @"\A(AWS_SECRET_ACCESS_KEY|GOOGLE_APPLICATION_CREDENTIALS|OCI_CLI_KEY_CONTENT|AZURE_.+KEY|.*API_KEY|.*ACCESS_KEY|.*PRIVATE_KEY)\z",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
        TimeSpan.FromSeconds(1));

    private PodModel? FunctionPod(ObjectMetaModel meta, string field, TaskSpec task, VolumeSet volumes)
    {
        var before = _problems.Count;
        var nodeSelector = NodeSelector(field, task);
        var affinity = Affinity(field, task);
        var tolerations = Tolerations(field, task);
        var pod = new PodModel(meta.Labels, PodAnnotations(meta), ImageLayout.UserId, ImageLayout.GroupId, nodeSelector, affinity, tolerations, volumes.Volumes);
        return _problems.Count == before ? pod : null;
    }

    private ContainerModel? FunctionContainer(ImageReference image, string field, TaskSpec task, RunSpec run, bool serve, VolumeSet volumes)
    {
        var before = _problems.Count;
        var env = new List<NamedValue>
        {
            new(SpecEnv, RunnerSpecBuilder.Write(_project, Name, VersionId, _plan.RunId, _context.CodeSrc, _spec, run, Inputs(run), serve)),
        };
        if (!serve)
        {
            env.Add(new NamedValue(TerminationLogEnv, ImageLayout.TerminationLog));
        }

        if (task.Secrets is { Count: > 0 })
        {
            env.Add(new NamedValue(SecretsDirEnv, ImageLayout.SecretsDirectory));
        }

        env.Add(new NamedValue("HOME", ImageLayout.TmpDirectory));
        env.AddRange(UserEnv(field, task, env));

        var resources = Resources(field, task.Resources ?? ResourcesSpec.None, FunctionDefaults);
        var ports = serve ? new List<PortModel> { new("http", ImageLayout.HttpPort), new("health", ImageLayout.HealthPort) } : [];
        var container = new ContainerModel(
            Name,
            image.Text,
            PullPolicy(image),
            ImageLayout.Entrypoint,
            [serve ? "serve" : "job"],
            env,
            resources.Requests,
            resources.Limits,
            volumes.Mounts,
            ports,
            serve ? new ProbeModel("/readyz", "health", 0, 5, 2, 3) : null,
            serve ? new ProbeModel("/healthz", "health", 10, 10, 2, 6) : null);
        return _problems.Count == before ? container : null;
    }

    private string? VersionId => _plan.Options.FunctionVersionIds.TryGetValue(Name, out var id) ? id : null;

    // Inputs are entity keys; in a pod each one is a file under the input folder, named after the input.
    private Dictionary<string, Execution.RunnerInput> Inputs(RunSpec run)
    {
        var inputs = new Dictionary<string, Execution.RunnerInput>(StringComparer.Ordinal);
        foreach (var (name, key) in run.Inputs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            // The same rule as validation: an entity key, or an artifact key ending in ':latest'.
            const string Latest = ":latest";
            var probe = key.EndsWith(Latest, StringComparison.Ordinal) ? key[..^Latest.Length] + ":" + new string('0', 32) : key;
            if (!Validation.RunRules.IsInputKey(key, out var problem) || !Store.EntityKey.TryParse(probe, out var parsed))
            {
                _problems.Add($"run.inputs.{name}", $"The input {MessageText.Show(key)} is not an entity key ({problem}); use {Store.EntityKey.Grammar}, or ':latest' in place of an artifact's id.");
                continue;
            }

            if (KubernetesNames.CheckEnvName(name) is not null)
            {
                _problems.Add($"run.inputs.{name}", $"The input name {MessageText.Show(name)} is not a parameter name (a letter or '_', then letters, digits or '_').");
                continue;
            }

            inputs[name] = new Execution.RunnerInput(key, parsed.Name, RunnerSpecBuilder.InputDirectory + "/" + name);
        }

        return inputs;
    }

    // A digest never changes, so a node may reuse what it has; a tag can move, so it is pulled every time.
    private static string PullPolicy(ImageReference image) => image.Digest is null ? "Always" : "IfNotPresent";

    private List<NamedValue> UserEnv(string field, TaskSpec task, List<NamedValue> system)
    {
        var result = new List<NamedValue>();
        var seen = new HashSet<string>(system.Select(variable => variable.Key), StringComparer.Ordinal);
        var envs = task.Envs ?? [];
        for (var i = 0; i < envs.Count; i++)
        {
            var (name, value) = (envs[i].Name, envs[i].Value);
            var at = $"{field}.envs[{i}]";
            if (KubernetesNames.CheckEnvName(name) is { } nameProblem)
            {
                _problems.Add(at + ".name", $"The variable name {MessageText.Show(name)} {nameProblem}.");
                continue;
            }

            if (name.StartsWith("PYTHONRUNTIME_", StringComparison.Ordinal) || !seen.Add(name))
            {
                _problems.Add(at + ".name", $"The variable {MessageText.Show(name)} is set twice or is reserved by PythonRuntime (PYTHONRUNTIME_*, HOME); rename or remove it.");
                continue;
            }

            if (IsSensitive(name, value))
            {
                _problems.Add(at, $"The variable {MessageText.Show(name)} looks like a credential and would be stored in plain text in the manifest; put the value in a Kubernetes Secret and list the Secret's name under secrets.");
                continue;
            }

            result.Add(new NamedValue(name, value ?? string.Empty));
        }

        return result;
    }

    private static bool IsSensitive(string name, string? value) =>
        name.ToUpperInvariant().Split('_').Any(part => SensitiveNameParts.Contains(part, StringComparer.Ordinal))
        || SensitiveName.IsMatch(name)
        || (value is not null && value.Contains("-----BEGIN", StringComparison.Ordinal) && value.Contains("PRIVATE KEY", StringComparison.Ordinal));

    private List<NamedValue> NodeSelector(string field, TaskSpec task)
    {
        var entries = task.NodeSelector ?? [];
        var result = new List<NamedValue>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = new NamedValue(entries[i].Key, entries[i].Value);
            if (!CheckLabels($"{field}.node_selector[{i}]", [entry]))
            {
                continue;
            }

            if (!keys.Add(entry.Key))
            {
                _problems.Add($"{field}.node_selector[{i}].key", $"The node label {MessageText.Show(entry.Key)} is given twice; keep one.");
                continue;
            }

            result.Add(entry);
        }

        return result;
    }

    private JsonObject? Affinity(string field, TaskSpec task)
    {
        if (task.Affinity is not { } given || given.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        // Read into the typed model, write it back, and require the round trip to keep everything: a field the
        // model does not know (a typo, snake_case) would otherwise be dropped without a word.
        try
        {
            if (given.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("not an object");
            }

            var typed = KubernetesJson.Deserialize<V1Affinity>(given.GetRawText());
            var normalized = JsonNode.Parse(KubernetesJson.Serialize(typed))!.AsObject();
            if (!JsonNode.DeepEquals(normalized, JsonNode.Parse(given.GetRawText())))
            {
                _problems.Add(field + ".affinity", "The affinity has fields a Kubernetes affinity does not have, or values of the wrong type; write it as in a pod spec (camelCase: nodeAffinity, podAffinity, podAntiAffinity).");
                return null;
            }

            return normalized;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            _problems.Add(field + ".affinity", $"The affinity is not a Kubernetes affinity object ({ex.Message}); write it as in a pod spec (camelCase).");
            return null;
        }
    }

    private List<JsonObject> Tolerations(string field, TaskSpec task)
    {
        var result = new List<JsonObject>();
        var tolerations = task.Tolerations ?? [];
        for (var i = 0; i < tolerations.Count; i++)
        {
            var toleration = tolerations[i];
            var at = $"{field}.tolerations[{i}]";
            if (toleration.Operator is not (null or "Equal" or "Exists"))
            {
                _problems.Add(at + ".operator", $"The operator {MessageText.Show(toleration.Operator)} is not Equal or Exists.");
                continue;
            }

            if (toleration.Effect is not (null or "" or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
            {
                _problems.Add(at + ".effect", $"The effect {MessageText.Show(toleration.Effect)} is not NoSchedule, PreferNoSchedule or NoExecute.");
                continue;
            }

            if (toleration.Operator == "Exists" && !string.IsNullOrEmpty(toleration.Value))
            {
                _problems.Add(at + ".value", "A toleration with operator Exists takes no value; remove the value or use Equal.");
                continue;
            }

            if (toleration.TolerationSeconds is not null && toleration.Effect != "NoExecute")
            {
                _problems.Add(at + ".toleration_seconds", "toleration_seconds applies to the NoExecute effect only.");
                continue;
            }

            var item = new JsonObject();
            AddIfSet(item, "key", toleration.Key);
            AddIfSet(item, "operator", toleration.Operator);
            AddIfSet(item, "value", toleration.Value);
            AddIfSet(item, "effect", toleration.Effect);
            if (toleration.TolerationSeconds is { } seconds)
            {
                item["tolerationSeconds"] = seconds;
            }

            result.Add(item);
        }

        return result;
    }

    private static void AddIfSet(JsonObject item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = value;
        }
    }
}
