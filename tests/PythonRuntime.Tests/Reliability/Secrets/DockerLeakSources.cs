using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PythonRuntime.Images;

namespace PythonRuntime.Tests.Reliability.Secrets;

/// <summary>
/// The places a secret could land when a function runs in Docker: an image's history, its config, every file of its
/// layers (from <c>docker save</c>), the layer blobs in the registry, and a container's <c>docker inspect</c>.
/// Each is read from the real engine or registry once and searched as a <see cref="SearchSource"/>.
/// </summary>
internal static class DockerLeakSources
{
    private static readonly DockerCli Docker = new();

    /// <summary>Gets what a docker command printed (it must succeed), e.g. <c>history --no-trunc</c> or <c>inspect</c>.</summary>
    public static async Task<SearchSource> CommandAsync(string name, params string[] arguments)
    {
        var result = await Docker.RunAsync(arguments, timeout: TimeSpan.FromMinutes(1));
        Assert.That(result.Succeeded, Is.True, $"docker {string.Join(' ', arguments)}: {result.Text}");
        return SearchSource.Text(name, result.Text);
    }

    /// <summary>Saves <paramref name="image"/> with <c>docker save</c> into <paramref name="folder"/> and searches every entry and every file of every layer.</summary>
    public static async Task<SearchSource> SavedImageAsync(string image, string folder)
    {
        var tar = Path.Combine(folder, "image.tar");
        var result = await Docker.RunAsync(["save", "--output", tar, image], timeout: TimeSpan.FromMinutes(5));
        Assert.That(result.Succeeded, Is.True, result.Text);
        return new SearchSource($"files of the layers of {image} (docker save)", () => ReadSaved(tar));
    }

    /// <summary>Downloads the manifest, the config and every layer blob of <paramref name="repository"/>:<paramref name="tag"/> from a plain-HTTP registry.</summary>
    public static async Task<SearchSource> RegistryBlobsAsync(string repository, string tag, string folder)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var registry = repository[..slash];
        var name = repository[(slash + 1)..];
        using var http = new HttpClient { BaseAddress = new Uri($"http://{registry}/v2/{name}/"), Timeout = TimeSpan.FromMinutes(2) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"manifests/{tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        using var response = await http.SendAsync(request);
        var manifest = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"manifest of {repository}:{tag}: {(int)response.StatusCode} {manifest}");
        var files = new List<(string Digest, string Path, bool Layer)>();
        using (var document = JsonDocument.Parse(manifest))
        {
            var digests = new List<(string, bool)> { (document.RootElement.GetProperty("config").GetProperty("digest").GetString()!, false) };
            digests.AddRange(document.RootElement.GetProperty("layers").EnumerateArray().Select(layer => (layer.GetProperty("digest").GetString()!, true)));
            foreach (var (digest, layer) in digests)
            {
                var path = Path.Combine(folder, digest.Replace(':', '-'));
                await using (var blob = await http.GetStreamAsync($"blobs/{digest}"))
                await using (var file = File.Create(path))
                {
                    await blob.CopyToAsync(file);
                }

                files.Add((digest, path, layer));
            }
        }

        return new SearchSource($"registry blobs of {repository}:{tag}", () => ReadBlobs(manifest, files));
    }

    private static IEnumerable<(string, byte[])> ReadBlobs(string manifest, List<(string Digest, string Path, bool Layer)> files)
    {
        yield return ("manifest", Encoding.UTF8.GetBytes(manifest));
        foreach (var (digest, path, layer) in files)
        {
            if (!layer)
            {
                yield return (digest, File.ReadAllBytes(path));
                continue;
            }

            using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            foreach (var item in ReadTar(gzip, digest))
            {
                yield return item;
            }
        }
    }

    private static IEnumerable<(string, byte[])> ReadSaved(string tar)
    {
        using var stream = File.OpenRead(tar);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null)
            {
                continue;
            }

            if (entry.Name.EndsWith("layer.tar", StringComparison.Ordinal))
            {
                foreach (var item in ReadTar(entry.DataStream, entry.Name))
                {
                    yield return item;
                }
            }
            else
            {
                yield return (entry.Name, Bytes(entry.DataStream));
            }
        }
    }

    /// <summary>Every file of a layer, and the layer's list of names (a value could be a file name).</summary>
    private static IEnumerable<(string, byte[])> ReadTar(Stream stream, string layer)
    {
        var names = new StringBuilder();
        using var reader = new TarReader(stream, leaveOpen: true);
        while (reader.GetNextEntry() is { } entry)
        {
            names.Append(entry.Name).Append('\n');
            if (entry.LinkName is { Length: > 0 } link)
            {
                names.Append(link).Append('\n');
            }

            if (entry.DataStream is { } data)
            {
                yield return ($"{layer}: {entry.Name}", Bytes(data));
            }
        }

        yield return ($"{layer}: names", Encoding.UTF8.GetBytes(names.ToString()));
    }

    private static byte[] Bytes(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
