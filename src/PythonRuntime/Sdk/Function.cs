using PythonRuntime.Specs;

namespace PythonRuntime.Sdk;

/// <summary>
/// A validated python function, the SDK's counterpart of the seed's Function entity. It holds the
/// <see cref="FunctionSpec"/>, the folder a relative <c>code_src</c> is read from, and the project it was
/// created from (null for <see cref="Dh.NewFunction"/>). Instances only come from the SDK or the loader, so
/// every instance has passed the same rules as a definition file.
/// </summary>
public sealed partial class Function
{
    internal Function(FunctionSpec spec, string directory, Project? project, string? file = null)
    {
        Spec = spec;
        Directory = directory;
        Project = project;
        File = file;
    }

    /// <summary>Gets the validated spec.</summary>
    public FunctionSpec Spec { get; }

    /// <summary>Gets the function's name.</summary>
    public string Name => Spec.Name;

    /// <summary>Gets the function's kind (always <c>python</c>).</summary>
    public string Kind => Spec.Kind;

    /// <summary>Gets the name of the project the function belongs to.</summary>
    public string ProjectName => Project?.Name ?? Spec.Project ?? string.Empty;

    /// <summary>Gets the project the function was created from, or null for <see cref="Dh.NewFunction"/>.</summary>
    public Project? Project { get; }

    /// <summary>Gets the folder a relative <c>code_src</c> is resolved against.</summary>
    public string Directory { get; }

    /// <summary>Gets the definition file the function was loaded from, or null when it was made in code.</summary>
    public string? File { get; }

    /// <summary>Gets the function as the loader describes definitions, for the build and run steps.</summary>
    public FunctionDefinition ToDefinition() => new(Spec, Directory, File);

    /// <summary>Gets the function as the snake_case YAML of a definition file; loading it gives an equal spec.</summary>
    public string ToYaml(bool schemaComment = true) => FunctionYaml.Write(Spec, schemaComment);

    /// <inheritdoc/>
    public override string ToString() => $"python function '{ProjectName}/{Name}'";
}
