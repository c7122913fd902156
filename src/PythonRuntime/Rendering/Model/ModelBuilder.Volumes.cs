using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PythonRuntime.Rendering.Quoting;
using PythonRuntime.Specs;

namespace PythonRuntime.Rendering.Model;

/// <summary>
/// Volumes: the writable <c>/tmp</c> the read-only root filesystem needs, the task's volumes (only kinds Pod
/// Security "restricted" allows), and one read-only mount per Secret under <c>/var/run/secrets/pythonruntime</c>.
/// </summary>
internal sealed partial class ModelBuilder
{
    public const string TmpVolume = "pythonruntime-tmp";
    public const string TmpSizeLimit = "1Gi";
    public const string ReservedVolumePrefix = "pythonruntime-";

    // 0440: readable by the pod's group (fsGroup 10001), by nobody else.
    public const int SecretFileMode = 288;

    private static readonly string[] ReservedMountRoots =
        [ImageLayout.TmpDirectory, ImageLayout.AppDirectory, ImageLayout.VirtualEnvironment, ImageLayout.SecretsDirectory, "/dev", "/proc", "/sys"];

    private static readonly Regex Medium = new(@"\A(Memory|HugePages(-[0-9A-Za-z]+)?)?\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static JsonObject Mount(string name, string path, bool readOnly) =>
        new() { ["name"] = name, ["mountPath"] = path, ["readOnly"] = readOnly };

    private VolumeSet FunctionVolumes(string field, TaskSpec task)
    {
        var volumes = new List<JsonObject> { new() { ["name"] = TmpVolume, ["emptyDir"] = new JsonObject { ["sizeLimit"] = TmpSizeLimit } } };
        var mounts = new List<JsonObject> { Mount(TmpVolume, ImageLayout.TmpDirectory, readOnly: false) };
        var names = new HashSet<string>(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var userVolumes = task.Volumes ?? [];
        for (var i = 0; i < userVolumes.Count; i++)
        {
            if (UserVolume($"{field}.volumes[{i}]", userVolumes[i], names, paths) is { } volume)
            {
                volumes.Add(volume);
                mounts.Add(Mount(userVolumes[i].Name, userVolumes[i].MountPath, userVolumes[i].ReadOnly));
            }
        }

        var secrets = task.Secrets ?? [];
        var secretNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < secrets.Count; i++)
        {
            var secret = secrets[i];
            if (KubernetesNames.CheckDnsSubdomain(secret) is { } problem)
            {
                _problems.Add($"{field}.secrets[{i}]", $"The Secret name {MessageText.Show(secret)} {problem}.");
                continue;
            }

            if (!secretNames.Add(secret))
            {
                _problems.Add($"{field}.secrets[{i}]", $"The Secret {MessageText.Show(secret)} is listed twice; keep one.");
                continue;
            }

            var name = $"{ReservedVolumePrefix}secret-{i}";
            volumes.Add(new JsonObject
            {
                ["name"] = name,
                ["secret"] = new JsonObject { ["secretName"] = secret, ["defaultMode"] = SecretFileMode },
            });
            mounts.Add(Mount(name, ImageLayout.SecretsDirectory + "/" + secret, readOnly: true));
        }

        return new VolumeSet(volumes, mounts);
    }

    private JsonObject? UserVolume(string at, VolumeSpec volume, HashSet<string> names, HashSet<string> paths)
    {
        if (KubernetesNames.CheckDnsLabel(volume.Name) is { } nameProblem)
        {
            _problems.Add(at + ".name", $"The volume name {MessageText.Show(volume.Name)} {nameProblem}.");
            return null;
        }

        if (volume.Name.StartsWith(ReservedVolumePrefix, StringComparison.Ordinal) || !names.Add(volume.Name))
        {
            _problems.Add(at + ".name", $"The volume name {MessageText.Show(volume.Name)} is used twice or starts with the reserved '{ReservedVolumePrefix}'; rename it.");
            return null;
        }

        if (CheckMountPath(volume.MountPath) is { } pathProblem)
        {
            _problems.Add(at + ".mount_path", $"The mount path {MessageText.Show(volume.MountPath)} {pathProblem}.");
            return null;
        }

        if (!paths.Add(volume.MountPath.TrimEnd('/')))
        {
            _problems.Add(at + ".mount_path", $"The mount path {MessageText.Show(volume.MountPath)} is used by another volume; give each its own.");
            return null;
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in volume.Spec)
        {
            // Definition files may spell the settings in snake_case or camelCase.
            var canonical = key switch
            {
                "size_limit" or "sizeLimit" => "size_limit",
                "claim_name" or "claimName" => "claim_name",
                "secret_name" or "secretName" => "secret_name",
                _ => key,
            };
            settings[canonical] = value;
        }

        var source = volume.VolumeType switch
        {
            VolumeType.EmptyDir => EmptyDir(at, settings),
            VolumeType.PersistentVolumeClaim => Reference(at, settings, "claim_name", volume.Name, "persistentVolumeClaim", "claimName", extra: volume.ReadOnly ? ("readOnly", true) : null),
            VolumeType.ConfigMap => Reference(at, settings, "name", volume.Name, "configMap", "name", extra: null),
            VolumeType.Secret => Reference(at, settings, "secret_name", volume.Name, "secret", "secretName", extra: ("defaultMode", SecretFileMode)),
            _ => null,
        };
        if (source is null)
        {
            return null;
        }

        var allowed = volume.VolumeType switch
        {
            VolumeType.EmptyDir => new[] { "size_limit", "medium" },
            VolumeType.PersistentVolumeClaim => ["claim_name"],
            VolumeType.ConfigMap => ["name"],
            _ => ["secret_name"],
        };
        foreach (var key in settings.Keys.Where(key => !allowed.Contains(key, StringComparer.Ordinal)).OrderBy(key => key, StringComparer.Ordinal))
        {
            _problems.Add(at + ".spec." + key, $"A {volume.VolumeType} volume has no setting {MessageText.Show(key)}; it takes {string.Join(", ", allowed)}.");
            return null;
        }

        return new JsonObject { ["name"] = volume.Name, [source.Value.Kind] = source.Value.Body };
    }

    private (string Kind, JsonObject Body)? EmptyDir(string at, Dictionary<string, string> settings)
    {
        var body = new JsonObject();
        if (settings.TryGetValue("medium", out var medium))
        {
            if (!Medium.IsMatch(medium))
            {
                _problems.Add(at + ".spec.medium", $"The medium {MessageText.Show(medium)} is not '', 'Memory' or 'HugePages'.");
                return null;
            }

            body["medium"] = medium;
        }

        if (settings.TryGetValue("size_limit", out var size))
        {
            if (Quantity(at + ".spec.size_limit", size) is not { } canonical)
            {
                return null;
            }

            body["sizeLimit"] = canonical.Text;
        }

        return ("emptyDir", body);
    }

    private (string Kind, JsonObject Body)? Reference(
        string at,
        Dictionary<string, string> settings,
        string setting,
        string fallback,
        string kind,
        string field,
        (string Name, JsonNode Value)? extra)
    {
        var target = settings.TryGetValue(setting, out var named) ? named : fallback;
        if (KubernetesNames.CheckDnsSubdomain(target) is { } problem)
        {
            _problems.Add($"{at}.spec.{setting}", $"The name {MessageText.Show(target)} {problem}.");
            return null;
        }

        var body = new JsonObject { [field] = target };
        if (extra is { } add)
        {
            body[add.Name] = add.Value;
        }

        return (kind, body);
    }

    private static string? CheckMountPath(string path)
    {
        if (TextRules.FindLineBreaker(path) is { } breaker)
        {
            return $"holds {breaker}";
        }

        if (!path.StartsWith('/') || path.TrimEnd('/').Length == 0)
        {
            return "must be an absolute path below '/' (for example /data)";
        }

        if (path.Split('/').Any(segment => segment is "." or "..") || path.Contains(':', StringComparison.Ordinal))
        {
            return "must not hold '.', '..' or ':' segments";
        }

        var trimmed = path.TrimEnd('/');
        var reserved = ReservedMountRoots.FirstOrDefault(root =>
            string.Equals(trimmed, root, StringComparison.Ordinal) || trimmed.StartsWith(root + "/", StringComparison.Ordinal)
            || root.StartsWith(trimmed + "/", StringComparison.Ordinal));
        return reserved is null ? null : $"overlaps '{reserved}', which the image or the pod needs; mount elsewhere";
    }
}
