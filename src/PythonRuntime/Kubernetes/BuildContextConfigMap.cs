using System.Formats.Tar;
using System.IO.Compression;
using k8s.Models;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// The in-cluster build's context as a ConfigMap: key <c>Dockerfile</c> (text) and key <c>context.tar.gz</c>
/// (binaryData, a gzip'd tar of the rendered context folder). The Kaniko Job mounts it at <c>/workspace</c>. The
/// archive is deterministic (sorted paths, fixed times, owner 0, mode 0644), so the same context gives the same
/// ConfigMap and a re-apply is a no-op. Kubernetes stores at most 1 MiB per ConfigMap; the payload is held to
/// <see cref="PayloadLimitBytes"/> to leave room for the object's metadata.
/// </summary>
public static class BuildContextConfigMap
{
    /// <summary>The largest Dockerfile plus archive accepted: 900 KiB.</summary>
    public const int PayloadLimitBytes = 900 * 1024;

    /// <summary>The key of the Dockerfile.</summary>
    public const string DockerfileKey = "Dockerfile";

    /// <summary>The key of the archive, as the Kaniko Job's <c>--context=tar://</c> names it.</summary>
    public const string ArchiveKey = "context.tar.gz";

    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Builds the ConfigMap.</summary>
    /// <param name="name">The ConfigMap name the build Job references.</param>
    /// <param name="labels">Labels that let it be found and deleted with its run.</param>
    /// <param name="dockerfile">The rendered Dockerfile.</param>
    /// <param name="files">The context files by path relative to the context folder ('/' separators).</param>
    /// <exception cref="PythonRuntimeException">The payload is above <see cref="PayloadLimitBytes"/>.</exception>
    public static V1ConfigMap Create(string name, IDictionary<string, string> labels, string dockerfile, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(files);
        var archive = Archive(files);
        var size = archive.LongLength + System.Text.Encoding.UTF8.GetByteCount(dockerfile);
        if (size > PayloadLimitBytes)
        {
            var largest = files.OrderByDescending(f => f.Value.Length).Take(3).Select(f => $"{f.Key} ({f.Value.Length:N0} bytes)");
            throw new PythonRuntimeException(
                ExitCodes.Usage,
                $"The build context of ConfigMap '{name}' is {size:N0} bytes compressed (Dockerfile plus {ArchiveKey}), above the {PayloadLimitBytes:N0}-byte limit for an in-cluster build (Kubernetes stores at most 1 MiB per ConfigMap). The largest files: {string.Join(", ", largest)}. Move large files out of code_src (download them at run time, or use a prebuilt image), or build with the docker executor.");
        }

        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Data = new Dictionary<string, string> { [DockerfileKey] = dockerfile },
            BinaryData = new Dictionary<string, byte[]> { [ArchiveKey] = archive },
        };
    }

    /// <summary>Makes the deterministic tar.gz of <paramref name="files"/>.</summary>
    public static byte[] Archive(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    ModificationTime = FixedTime,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    Uid = 0,
                    Gid = 0,
                    DataStream = new MemoryStream(content.ToArray(), writable: false),
                };
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }
}
