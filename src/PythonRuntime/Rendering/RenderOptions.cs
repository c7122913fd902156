using PythonRuntime.Specs;

namespace PythonRuntime.Rendering;

/// <summary>
/// What a render needs besides the definitions. Every default keeps the output deterministic: the same
/// definitions and options give byte-identical files.
/// </summary>
public sealed record RenderOptions
{
    /// <summary>Gets the folder that receives one sub-folder per function; <c>artifacts</c> by default.</summary>
    public string OutputDirectory { get; init; } = "artifacts";

    /// <summary>Gets the git commit the images are built from; it becomes the default tag and the revision label. Null means <c>dev</c>.</summary>
    public string? Commit { get; init; }

    /// <summary>Gets a base image that wins over the function's and the project's (the <c>--base-image</c> option).</summary>
    public string? BaseImageOverride { get; init; }

    /// <summary>
    /// Gets the image reference to deploy per function name, for example <c>127.0.0.1:5000/demo-hello@sha256:...</c>.
    /// A function without one uses its <c>image</c> field, else <c>&lt;registry&gt;/&lt;project&gt;-&lt;function&gt;:&lt;commit or dev&gt;</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the registry for default image references; the project's registry, else <c>localhost</c>, when null.</summary>
    public string? Registry { get; init; }

    /// <summary>Gets the Kubernetes namespace; the project's namespace, else <c>default</c>, when null.</summary>
    public string? Namespace { get; init; }

    /// <summary>Gets the run id that names the Jobs (<c>&lt;function&gt;-&lt;first 8 characters&gt;</c>); <c>render</c> keeps renders repeatable.</summary>
    public string RunId { get; init; } = "render";

    /// <summary>
    /// Gets the store's function version id (32 hex digits) per function name; with it the runner is told the
    /// function's entity key. The run's key is given when <see cref="RunId"/> is a store id.
    /// </summary>
    public IReadOnlyDictionary<string, string> FunctionVersionIds { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets run parameters per function name that replace the definition's <c>run</c> block for this render.</summary>
    public IReadOnlyDictionary<string, RunSpec> Runs { get; init; } = new Dictionary<string, RunSpec>(StringComparer.Ordinal);

    /// <summary>Gets the names of the functions to render; null renders every function of the set.</summary>
    public IReadOnlyList<string>? Functions { get; init; }

    /// <summary>Gets a folder of template overrides that wins over the project's <c>templates</c> folder.</summary>
    public string? TemplatesDirectory { get; init; }

    /// <summary>Gets the Job retry count; 0 by default because a function run is not assumed to be idempotent.</summary>
    public int JobBackoffLimit { get; init; }

    /// <summary>Gets how long a finished Job (and its pod and logs) stays before Kubernetes deletes it; one day by default.</summary>
    public int JobTtlSecondsAfterFinished { get; init; } = 86_400;

    /// <summary>Gets the wall-clock limit of a Job run; one hour by default.</summary>
    public int JobActiveDeadlineSeconds { get; init; } = 3_600;

    /// <summary>Gets the wall-clock limit of an in-cluster image build; one hour by default.</summary>
    public int BuildActiveDeadlineSeconds { get; init; } = 3_600;

    /// <summary>Gets the <c>org.opencontainers.image.source</c> label, for example the repository URL; the definition folder when null.</summary>
    public string? SourceUrl { get; init; }

    /// <summary>Gets the ConfigMap holding each function's build context for the in-cluster build; <c>&lt;function&gt;-build-context</c> when absent.</summary>
    public IReadOnlyDictionary<string, string> BuildContextConfigMaps { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the Secret (type <c>kubernetes.io/dockerconfigjson</c>) with the registry credentials for the in-cluster build.</summary>
    public string RegistrySecret { get; init; } = "pythonruntime-registry";

    /// <summary>Gets the Kaniko executor image of the in-cluster build.</summary>
    public string KanikoImage { get; init; } = "gcr.io/kaniko-project/executor:v1.23.2";

    /// <summary>
    /// Gets a value indicating whether to render only what an image is built from (Dockerfile, requirements, context),
    /// without the Kubernetes manifests: the image build's render, which must stay fast on a no-op.
    /// </summary>
    public bool ImageOnly { get; init; }

    /// <summary>Gets a value indicating whether the in-cluster build may push to a plain-HTTP registry (<c>--insecure</c>).</summary>
    public bool InsecureRegistry { get; init; }
}
