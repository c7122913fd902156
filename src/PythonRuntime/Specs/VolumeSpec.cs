namespace PythonRuntime.Specs;

/// <summary>
/// A volume mounted into the function's container (seed: <c>{volume_type, name, mount_path, spec}</c>).
/// <see cref="Spec"/> holds the kind-specific settings: <c>size_limit</c> and <c>medium</c> for empty_dir,
/// <c>claim_name</c> for persistent_volume_claim, <c>name</c> for config_map, <c>secret_name</c> for secret.
/// </summary>
public sealed record VolumeSpec(
    VolumeType VolumeType,
    string Name,
    string MountPath,
    bool ReadOnly,
    IReadOnlyDictionary<string, string> Spec);
