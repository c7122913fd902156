namespace PythonRuntime.Execution.Docker;

/// <summary>
/// Writes a run's local secret values as files a container's non-root user can read. The outer folder is private
/// to this user on the host; only the inner folder, mounted read-only into the container, is readable by others,
/// since the container's user (10001) is not the host user that wrote the files.
/// </summary>
internal static class DockerSecretFiles
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode ReadableFolder = Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode ReadableFile = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Writes the secrets and returns (the folder to delete afterwards, the folder to mount).</summary>
    public static (string Owner, string Mount) Write(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> secrets)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The docker executor mounts secret files with Unix permissions; run it on Linux or macOS.");
        }

        var owner = Path.Combine(Path.GetTempPath(), $"pythonruntime-secrets-{Guid.NewGuid():N}");
        Directory.CreateDirectory(owner, Private);
        var mount = Path.Combine(owner, "mount");
        Directory.CreateDirectory(mount, ReadableFolder);
        foreach (var (name, values) in secrets)
        {
            var folder = Path.Combine(mount, name);
            Directory.CreateDirectory(folder, ReadableFolder);
            foreach (var (key, value) in values)
            {
                using var stream = new FileStream(Path.Combine(folder, key), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ReadableFile });
                stream.Write(System.Text.Encoding.UTF8.GetBytes(value));
            }
        }

        return (owner, mount);
    }
}
