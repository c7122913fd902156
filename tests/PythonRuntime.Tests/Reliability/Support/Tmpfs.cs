namespace PythonRuntime.Tests.Reliability;

/// <summary>A small tmpfs mounted over a folder, to make "disk full" real; unmounted on dispose. Needs root, and says so.</summary>
internal sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static Tmpfs Mount(string path, string size)
    {
        if (!Posix.IsRoot)
        {
            Assert.Fail($"This test mounts a {size} tmpfs to fill the disk and needs root: run the tests as root (the CI machine does), or in a container with CAP_SYS_ADMIN. It is never skipped.");
        }

        Directory.CreateDirectory(path);
        Posix.Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
        return new Tmpfs(path);
    }

    /// <summary>Grows the filesystem, as freeing disk space would.</summary>
    public void Resize(string size) => Posix.Run("mount", "-o", $"remount,size={size}", Path);

    public void Dispose() => Posix.Run("umount", "-l", Path);
}
