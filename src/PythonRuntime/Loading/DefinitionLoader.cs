using System.Text.RegularExpressions;
using PythonRuntime.Diagnostics;
using PythonRuntime.Specs;
using PythonRuntime.Validation;

namespace PythonRuntime.Loading;

/// <summary>
/// Loads <c>project.yaml</c> and every <c>functions/&lt;name&gt;/function.yaml</c>, binds and validates them in
/// one pass, and either returns the whole set or throws one <see cref="PythonRuntimeException"/> that lists
/// every problem of every file. Nothing is written.
/// </summary>
public sealed class DefinitionLoader
{
    /// <summary>The name of the project file at the repository root.</summary>
    public const string ProjectFileName = "project.yaml";

    /// <summary>The name of a function's definition file inside its folder.</summary>
    public const string FunctionFileName = "function.yaml";

    private readonly StrictYamlReader _reader;

    public DefinitionLoader(ReaderLimits? limits = null)
    {
        _reader = new StrictYamlReader(limits);
    }

    /// <summary>Loads and validates the definitions described by <paramref name="options"/>.</summary>
    /// <exception cref="PythonRuntimeException">Any file is missing, malformed or breaks a rule.</exception>
    public async Task<DefinitionSet> LoadAsync(LoadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.Root);
        var diagnostics = new DiagnosticBag();
        var project = await LoadProjectAsync(root, diagnostics, cancellationToken).ConfigureAwait(false);
        var folders = FunctionFolders(root, options, diagnostics);
        // Files are checked at most one per core, each into its own bag: checking is CPU-bound (more tasks only
        // oversubscribe the cores and stretch the rules' match timeouts), and merging the bags in folder order
        // keeps the report the same from run to run.
        var loaded = new (FunctionDefinition? Definition, DiagnosticBag Diagnostics)[folders.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, folders.Count), parallel, async (index, token) =>
        {
            var own = new DiagnosticBag();
            loaded[index] = (await LoadFunctionAsync(root, folders[index], project, own, token).ConfigureAwait(false), own);
        }).ConfigureAwait(false);
        foreach (var (_, own) in loaded)
        {
            foreach (var diagnostic in own.Items)
            {
                diagnostics.Add(diagnostic);
            }
        }

        var functions = loaded.Select(l => l.Definition).OfType<FunctionDefinition>().OrderBy(f => f.Spec.Name, StringComparer.Ordinal).ToArray();
        RejectDuplicateNames(functions, diagnostics);
        diagnostics.ThrowIfErrors();
        return new DefinitionSet(project!, root, functions);
    }

    /// <summary>Loads and validates only <c>project.yaml</c> at <paramref name="root"/> (the SDK's <c>Dh.GetProject</c>).</summary>
    /// <exception cref="PythonRuntimeException">The file is missing, malformed or breaks a rule.</exception>
    public async Task<ProjectSpec> LoadProjectAsync(string root, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var diagnostics = new DiagnosticBag();
        var project = await LoadProjectAsync(Path.GetFullPath(root), diagnostics, cancellationToken).ConfigureAwait(false);
        diagnostics.ThrowIfErrors();
        return project!;
    }

    private async Task<ProjectSpec?> LoadProjectAsync(string root, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, ProjectFileName);
        if (!File.Exists(path) && FileKinds.Of(path) == FileKind.Missing)
        {
            diagnostics.Error(new SourceLocation(ProjectFileName, 0, 0), string.Empty, $"was not found in '{root}'; every repository needs a project file naming the project (name: my-project).");
            return null;
        }

        var node = await _reader.ReadFileAsync(path, ProjectFileName, diagnostics, cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return null;
        }

        return Checked(ProjectFileName, diagnostics, own =>
        {
            var map = new SourceMap(ProjectFileName);
            var spec = ProjectBinder.Bind(node, new BindingContext(own, map));
            if (spec is not null)
            {
                ProjectValidator.Validate(spec, root, new ValidationScope(own, map));
            }

            return spec;
        });
    }

    private static IReadOnlyList<string> FunctionFolders(string root, LoadOptions options, DiagnosticBag diagnostics)
    {
        var directory = options.ResolvedFunctionsDirectory;
        var display = Display(root, directory);
        if (!Directory.Exists(directory))
        {
            diagnostics.Error(new SourceLocation(display, 0, 0), string.Empty, "is not a folder; put each function in functions/<name>/function.yaml or pass --functions-dir=DIR.");
            return [];
        }

        var all = Directory.EnumerateDirectories(directory)
            .Where(folder => File.Exists(Path.Combine(folder, FunctionFileName)) || FileKinds.Of(Path.Combine(folder, FunctionFileName)) != FileKind.Missing)
            .OrderBy(folder => folder, StringComparer.Ordinal)
            .ToArray();
        if (options.Functions is not { Count: > 0 } wanted)
        {
            return all;
        }

        var byName = all.ToDictionary(folder => Path.GetFileName(folder), StringComparer.Ordinal);
        var selected = new List<string>();
        foreach (var name in wanted.Distinct(StringComparer.Ordinal))
        {
            if (byName.TryGetValue(name, out var folder))
            {
                selected.Add(folder);
                continue;
            }

            var known = byName.Count == 0 ? "none" : string.Join(", ", byName.Keys);
            diagnostics.Error(new SourceLocation(display, 0, 0), string.Empty, $"has no function '{name}' (no {name}/{FunctionFileName}); known functions: {known}.");
        }

        return selected;
    }

    private async Task<FunctionDefinition?> LoadFunctionAsync(string root, string folder, ProjectSpec? project, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FunctionFileName);
        var display = Display(root, path);
        var node = await _reader.ReadFileAsync(path, display, diagnostics, cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return null;
        }

        return Checked(display, diagnostics, own =>
        {
            var map = new SourceMap(display);
            var spec = FunctionBinder.Bind(node, new BindingContext(own, map));
            if (spec is null)
            {
                return null;
            }

            var scope = new ValidationScope(own, map);
            var context = new FunctionContext(project ?? new ProjectSpec { Name = string.Empty }, folder);
            FunctionValidator.Validate(spec, context, scope);
            var folderName = Path.GetFileName(folder);
            if (spec.Name.Length > 0 && !string.Equals(spec.Name, folderName, StringComparison.Ordinal))
            {
                scope.Error("name", $"'{spec.Name}' differs from its folder name '{folderName}'; rename one so they match.");
            }

            return new FunctionDefinition(spec, folder, display);
        });
    }

    /// <summary>
    /// Runs binding and rules for one file into a bag of its own, then adds what it found to
    /// <paramref name="diagnostics"/>. Every pattern has a match timeout and the patterns are linear, so a
    /// timeout means the machine stalled (a cold start, a busy CI host): the file is checked once more, and
    /// only a second timeout is reported, for that file, never as a crash.
    /// </summary>
    private static T? Checked<T>(string display, DiagnosticBag diagnostics, Func<DiagnosticBag, T?> check)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var own = new DiagnosticBag();
            try
            {
                var result = check(own);
                foreach (var diagnostic in own.Items)
                {
                    diagnostics.Add(diagnostic);
                }

                return result;
            }
            catch (RegexMatchTimeoutException) when (attempt == 1)
            {
            }
            catch (RegexMatchTimeoutException)
            {
                diagnostics.Error(new SourceLocation(display, 0, 0), string.Empty, "could not be checked within the time limit of the validation rules; shorten unusually long values and run again.");
                return null;
            }
        }
    }

    private static void RejectDuplicateNames(IReadOnlyList<FunctionDefinition> functions, DiagnosticBag diagnostics)
    {
        foreach (var group in functions.GroupBy(f => f.Spec.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var files = group.Select(f => f.File).ToArray();
            diagnostics.Error(new SourceLocation(files[1], 0, 0), "name", $"'{group.Key}' is also defined in '{files[0]}'; function names must be unique.");
        }
    }

    private static string Display(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }
}
