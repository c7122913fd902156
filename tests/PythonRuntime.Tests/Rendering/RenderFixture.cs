using System.Text;
using System.Text.Json;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;

namespace PythonRuntime.Tests.Rendering;

/// <summary>
/// Builds a project with functions in a temporary folder and renders it. Each test changes only what matters
/// to it; everything else keeps a realistic default. Disposing removes the folder.
/// </summary>
internal sealed class RenderFixture : IDisposable
{
    /// <summary>A stand-in for the runner script, so golden files do not change when the real runner does.</summary>
    public static readonly byte[] TestRunner = Encoding.UTF8.GetBytes("# test stand-in for pythonruntime_runner.py\nprint('runner')\n");

    private static readonly ArtifactRenderer SharedRenderer = new(TestRunner);

    private readonly List<FunctionDefinition> _functions = [];

    public RenderFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "pr-render-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public ProjectSpec Project { get; set; } = new() { Name = "demo", Registry = "127.0.0.1:5000", Namespace = "demo" };

    public RenderOptions Options { get; set; } = new() { Commit = "0123456789abcdef0123456789abcdef01234567" };

    public ArtifactRenderer Renderer { get; set; } = SharedRenderer;

    public string OutputDirectory => Path.Combine(Root, "artifacts");

    /// <summary>Adds a function whose folder holds <paramref name="files"/> (relative path to text).</summary>
    public FunctionDefinition Add(FunctionSpec spec, IReadOnlyDictionary<string, string>? files = null)
    {
        var directory = Path.Combine(Root, "functions", spec.Name.Length > 0 ? spec.Name : "unnamed");
        Directory.CreateDirectory(directory);
        foreach (var (path, text) in files ?? new Dictionary<string, string>())
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text, new UTF8Encoding(false));
        }

        var definition = new FunctionDefinition(spec, directory, Path.Combine(directory, "function.yaml"));
        _functions.Add(definition);
        return definition;
    }

    /// <summary>Adds the smallest realistic function: a local main.py and one requirement.</summary>
    public FunctionDefinition AddHello(Func<FunctionSpec, FunctionSpec>? change = null) =>
        Add(
            (change ?? (s => s))(new FunctionSpec
            {
                Name = "hello",
                PythonVersion = PythonVersion.Python3_11,
                CodeSrc = "main.py",
                Handler = "main:handler",
                Requirements = ["requests==2.32.3"],
                Description = "Says hello",
            }),
            new Dictionary<string, string> { ["main.py"] = "def handler(name='world'):\n    return f'hello {name}'\n" });

    public DefinitionSet Set() =>
        new(Project, Root, _functions.OrderBy(f => f.Spec.Name, StringComparer.Ordinal).ToList());

    /// <summary>Renders only <paramref name="spec"/>, using the folder (and code) of the function of the same name already added.</summary>
    public async Task<RenderedFunction> RenderSpecAsync(FunctionSpec spec, RenderOptions? options = null)
    {
        var folder = _functions.Single(f => f.Spec.Name == spec.Name).Directory;
        var set = new DefinitionSet(Project, Root, [new FunctionDefinition(spec, folder, Path.Combine(folder, "function.yaml"))]);
        var result = await Renderer.RenderAsync(set, (options ?? Options) with { OutputDirectory = OutputDirectory }, CancellationToken.None);
        return result.Functions.Single();
    }

    public Task<RenderResult> RenderAsync() => Renderer.RenderAsync(Set(), Options with { OutputDirectory = OutputDirectory }, CancellationToken.None);

    public async Task<RenderedFunction> RenderOneAsync()
    {
        var result = await RenderAsync();
        return result.Functions.Single();
    }

    public static string Text(RenderedFunction function, string file) => function.Text(file);

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not fail a test.
        }
    }
}
