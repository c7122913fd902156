using k8s.Models;

namespace PythonRuntime.Rendering;

/// <summary>
/// The files of one function plus the manifests parsed back from them, ready for an executor to apply.
/// The typed objects are fresh for each render: callers may change them.
/// </summary>
public sealed record RenderedFunction(
    string Name,
    string Image,
    V1Job Job,
    V1Deployment Deployment,
    V1Service Service,
    V1Job BuildJob,
    IReadOnlyList<RenderedFile> Files);
