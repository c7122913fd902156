using System.Text;
using k8s.Models;
using PythonRuntime.Rendering.Verification;

namespace PythonRuntime.Rendering;

/// <summary>
/// The files of one function. The manifests were verified when rendered; the <c>Read...</c> methods parse them
/// again into fresh KubernetesClient objects (callers may change them), so a large render does not keep
/// thousands of object graphs alive.
/// </summary>
public sealed record RenderedFunction(string Name, string Image, IReadOnlyList<RenderedFile> Files)
{
    /// <summary>Gets the text of <paramref name="fileName"/> (for example <c>job.yaml</c>) of this function.</summary>
    /// <exception cref="KeyNotFoundException">The function has no such file.</exception>
    public string Text(string fileName)
    {
        var path = Name + "/" + fileName;
        var file = Files.FirstOrDefault(f => string.Equals(f.RelativePath, path, StringComparison.Ordinal))
            ?? throw new KeyNotFoundException($"The function '{Name}' has no rendered file '{fileName}'.");
        return Encoding.UTF8.GetString(file.Content.Span);
    }

    /// <summary>Reads the run's Job from <c>job.yaml</c>.</summary>
    public V1Job ReadJob() => StrictManifestReader.Read<V1Job>(Text("job.yaml"));

    /// <summary>Reads the Deployment, the first document of <c>serve.yaml</c>.</summary>
    public V1Deployment ReadDeployment() => StrictManifestReader.Read<V1Deployment>(ServeDocument(0));

    /// <summary>Reads the Service, the second document of <c>serve.yaml</c>.</summary>
    public V1Service ReadService() => StrictManifestReader.Read<V1Service>(ServeDocument(1));

    /// <summary>Reads the in-cluster build Job from <c>build-job.yaml</c>.</summary>
    public V1Job ReadBuildJob() => StrictManifestReader.Read<V1Job>(Text("build-job.yaml"));

    private string ServeDocument(int index) => Text("serve.yaml").Split("\n---\n", 2)[index];
}
