using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Sdk;

/// <summary>
/// The SDK entry points, named after the seed's <c>dh</c> module: <see cref="NewFunction"/> creates a
/// standalone function (the project is named, not loaded) and <see cref="GetProject"/> opens the project
/// of a repository, whose <see cref="Project.NewFunction"/> creates functions that belong to it.
/// </summary>
public static class Dh
{
    /// <summary>
    /// Creates a python function outside a project (the seed's <c>dh.new_function</c>); <paramref name="project"/>
    /// is required. A relative <paramref name="codeSrc"/> is read from <paramref name="directory"/> (default:
    /// the current directory). The function passes the same rules as a definition file.
    /// </summary>
    /// <exception cref="PythonRuntimeException">Any argument breaks a rule; every problem is listed.</exception>
    public static Function NewFunction(
        string project,
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
        var folder = Path.GetFullPath(directory ?? Environment.CurrentDirectory);
        return FunctionFactory.Create(arguments, project ?? string.Empty, owner: null, folder);
    }

    /// <summary>Opens the project of the repository at <paramref name="root"/> (default: the current directory) from its <c>project.yaml</c>.</summary>
    /// <exception cref="PythonRuntimeException"><c>project.yaml</c> is missing or invalid; every problem is listed.</exception>
    public static Project GetProject(string? root = null) => GetProjectAsync(root).GetAwaiter().GetResult();

    /// <inheritdoc cref="GetProject"/>
    public static async Task<Project> GetProjectAsync(string? root = null, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(root ?? Environment.CurrentDirectory);
        var spec = await new DefinitionLoader().LoadProjectAsync(full, cancellationToken).ConfigureAwait(false);
        return new Project(spec, full);
    }
}
