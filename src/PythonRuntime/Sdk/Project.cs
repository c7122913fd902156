using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;
using PythonRuntime.Specs;
using PythonRuntime.Validation;

namespace PythonRuntime.Sdk;

/// <summary>
/// A project: <c>project.yaml</c>'s settings and the repository root its <c>functions/</c> folder is in.
/// Functions made with <see cref="NewFunction"/> belong to it (so they do not name a project) and read a
/// relative <c>code_src</c> from <c>functions/&lt;name&gt;/</c>, exactly like a definition file there.
/// </summary>
public sealed class Project
{
    /// <summary>Creates a project from a spec; it is validated like <c>project.yaml</c>.</summary>
    /// <exception cref="PythonRuntimeException">The spec breaks a rule; every problem is listed.</exception>
    public Project(ProjectSpec spec, string root)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(root);
        var diagnostics = new DiagnosticBag();
        var scope = new ValidationScope(diagnostics, SourceMap.Sdk);
        if (spec.Name.Length == 0)
        {
            scope.Error("name", "is required; use a lowercase DNS-1123 label such as 'demo'.");
        }

        var fullRoot = Path.GetFullPath(root);
        ProjectValidator.Validate(spec, fullRoot, scope);
        diagnostics.ThrowIfErrors();
        Spec = spec;
        Root = fullRoot;
    }

    /// <summary>Gets the validated project settings.</summary>
    public ProjectSpec Spec { get; }

    /// <summary>Gets the project's name.</summary>
    public string Name => Spec.Name;

    /// <summary>Gets the absolute repository root.</summary>
    public string Root { get; }

    /// <summary>Gets the folder holding one folder per function.</summary>
    public string FunctionsDirectory => Path.Combine(Root, "functions");

    /// <summary>
    /// Creates a python function of this project (the seed's <c>project.new_function</c>). Arguments mirror the
    /// seed's Function parameters; <paramref name="outputs"/>, <paramref name="tasks"/> and <paramref name="run"/>
    /// are the definition file's extra blocks; <paramref name="directory"/> overrides the code folder
    /// (default <c>functions/&lt;name&gt;/</c>).
    /// </summary>
    /// <exception cref="PythonRuntimeException">Any argument breaks a rule; every problem is listed.</exception>
    public Function NewFunction(
        string name,
        string kind,
        string pythonVersion,
        string? uuid = null,
        string? description = null,
        IEnumerable<string>? labels = null,
        bool embedded = true,
        string? codeSrc = null,
        string? code = null,
        string? base64 = null,
        string? handler = null,
        string? initFunction = null,
        string? lang = null,
        string? image = null,
        string? baseImage = null,
        IEnumerable<string>? requirements = null,
        IEnumerable<string>? outputs = null,
        FunctionTasks? tasks = null,
        RunSpec? run = null,
        string? directory = null)
    {
        var arguments = new FunctionArguments(name, kind, pythonVersion, uuid, description, labels, embedded, codeSrc, code, base64, handler, initFunction, lang, image, baseImage, requirements, outputs, tasks, run);
        var folder = directory is null ? Path.Combine(FunctionsDirectory, name ?? string.Empty) : Path.GetFullPath(directory, Root);
        return FunctionFactory.Create(arguments, project: null, owner: this, folder);
    }

    /// <summary>Loads and validates <c>functions/&lt;name&gt;/function.yaml</c> (with <c>project.yaml</c>).</summary>
    /// <exception cref="PythonRuntimeException">The function is unknown or a file is invalid.</exception>
    public Function GetFunction(string name) => GetFunctionAsync(name).GetAwaiter().GetResult();

    /// <inheritdoc cref="GetFunction"/>
    public async Task<Function> GetFunctionAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var set = await new DefinitionLoader().LoadAsync(new LoadOptions(Root, Functions: [name]), cancellationToken).ConfigureAwait(false);
        var definition = set.Function(name);
        return new Function(definition.Spec, definition.Directory, this, definition.File);
    }

    /// <inheritdoc/>
    public override string ToString() => $"project '{Name}' at {Root}";
}
