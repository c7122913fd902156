namespace PythonRuntime.Specs;

/// <summary>
/// The seed's Function parameters plus the definition file's <c>tasks</c> and <c>run</c> defaults.
/// Field names map to snake_case keys in files (<see cref="CodeSrc"/> is <c>code_src</c>).
/// </summary>
public sealed record FunctionSpec
{
    /// <summary>Gets the project name; set only for functions made with <c>Dh.NewFunction</c>, never in a file inside a project.</summary>
    public string? Project { get; init; }

    public required string Name { get; init; }

    /// <summary>Gets the function kind; only <c>python</c> exists.</summary>
    public string Kind { get; init; } = "python";

    /// <summary>Gets the function's UUID when the user pins one.</summary>
    public string? Uuid { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    public bool Embedded { get; init; } = true;

    /// <summary>Gets a relative path inside the function folder, or an http(s)://, zip+http(s):// or git+https://...#ref URI.</summary>
    public string? CodeSrc { get; init; }

    /// <summary>Gets inline source code; wins over <see cref="Base64"/>.</summary>
    public string? Code { get; init; }

    public string? Base64 { get; init; }

    /// <summary>Gets the entry point: <c>func</c>, <c>module:func</c> or <c>pkg.module:func</c>.</summary>
    public string? Handler { get; init; }

    public string? InitFunction { get; init; }

    public required PythonVersion PythonVersion { get; init; }

    /// <summary>Gets the language hint; always <c>python</c> when given.</summary>
    public string? Lang { get; init; }

    /// <summary>Gets a prebuilt image that job and serve use without a build.</summary>
    public string? Image { get; init; }

    public string? BaseImage { get; init; }

    /// <summary>Gets PEP 508 requirements installed into the image (and the local virtual environment).</summary>
    public IReadOnlyList<string> Requirements { get; init; } = [];

    /// <summary>Gets the names given to the handler's return values, in order (else output_0, output_1, ...).</summary>
    public IReadOnlyList<string>? Outputs { get; init; }

    public FunctionTasks Tasks { get; init; } = FunctionTasks.None;

    public RunSpec Run { get; init; } = RunSpec.Empty;
}
