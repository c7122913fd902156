using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>
/// Rules for <c>volumes</c>: unique names and mount paths; absolute mount paths without '..' or ':' that do not
/// cover the root or <c>/tmp</c> (the writable emptyDir every pod gets); per type only its own settings.
/// </summary>
public static class VolumeRules
{
    /// <summary>The mount path reserved for the writable scratch emptyDir of the read-only pod.</summary>
    public const string ReservedTmp = "/tmp";

    private static readonly Dictionary<VolumeType, (string Key, bool Required)[]> Settings = new()
    {
        [VolumeType.EmptyDir] = [("size_limit", false), ("medium", false)],
        [VolumeType.PersistentVolumeClaim] = [("claim_name", true)],
        [VolumeType.ConfigMap] = [("name", true)],
        [VolumeType.Secret] = [("secret_name", true)],
    };

    /// <summary>Checks <paramref name="volumes"/> at <paramref name="field"/>.</summary>
    public static void Check(IReadOnlyList<VolumeSpec> volumes, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentNullException.ThrowIfNull(scope);
        for (var i = 0; i < volumes.Count; i++)
        {
            var volume = volumes[i];
            var path = FieldPath.Index(field, i);
            Rules.Name(volume.Name, FieldPath.Key(path, "name"), scope);
            MountPath(volume.MountPath, FieldPath.Key(path, "mount_path"), scope);
            Spec(volume, FieldPath.Key(path, "spec"), scope);
        }

        Rules.Unique(volumes, v => v.Name, i => FieldPath.Key(FieldPath.Index(field, i), "name"), "volume name", scope);
        Rules.Unique(volumes, v => Normalize(v.MountPath), i => FieldPath.Key(FieldPath.Index(field, i), "mount_path"), "mount path", scope);
    }

    private static void MountPath(string value, string field, ValidationScope scope)
    {
        if (!Rules.SingleLine(value, field, scope))
        {
            return;
        }

        var normalized = Normalize(value);
        var problem = !value.StartsWith('/') ? "is not an absolute path; start it with '/' (for example '/data')"
            : value.Split('/').Any(part => part == "..") ? "contains a '..' segment"
            : value.Contains(':', StringComparison.Ordinal) ? "contains ':', which Kubernetes does not allow in mount paths"
            : normalized == "/" ? "is the root folder; mount volumes on a folder such as '/data'"
            : normalized == ReservedTmp ? $"is reserved for the writable scratch space every pod gets; mount on another folder such as '/data'"
            : null;
        if (problem is not null)
        {
            scope.Error(field, $"'{Text.Clip(value)}' {problem}.");
        }
    }

    private static void Spec(VolumeSpec volume, string field, ValidationScope scope)
    {
        var allowed = Settings[volume.VolumeType];
        var type = Spellings.Of(volume.VolumeType);
        foreach (var (key, value) in volume.Spec)
        {
            var path = FieldPath.Key(field, key);
            if (!allowed.Any(a => a.Key == key))
            {
                var suggestion = Suggestions.Closest(key, allowed.Select(a => a.Key));
                var hint = suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?";
                scope.Error(path, $"is not a setting of {type} volumes.{hint} Allowed here: {string.Join(", ", allowed.Select(a => a.Key))}.");
                continue;
            }

            var problem = key switch
            {
                "size_limit" => ResourceRules.QuantityProblem(value, wholeBytes: true),
                "medium" => value is "" or "Memory" ? null : "is not allowed; use one of: \"\" (node disk), Memory",
                _ => KubernetesNames.DnsSubdomain(value),
            };
            if (problem is not null)
            {
                scope.Error(path, $"'{Text.Clip(value)}' {problem}.");
            }
        }

        foreach (var (key, _) in allowed.Where(a => a.Required && !volume.Spec.ContainsKey(a.Key)))
        {
            scope.Error(FieldPath.Key(field, key), $"is required for {type} volumes; name the existing Kubernetes object.");
        }
    }

    private static string Normalize(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
        return "/" + string.Join('/', parts);
    }
}
