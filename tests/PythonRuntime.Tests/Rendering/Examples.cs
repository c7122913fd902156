using System.Runtime.CompilerServices;
using PythonRuntime.Loading;
using PythonRuntime.Rendering;

namespace PythonRuntime.Tests.Rendering;

/// <summary>Loads (and so validates) the repository's own example functions and renders them with fixed options.</summary>
internal static class Examples
{
    private static readonly RenderOptions Options = new()
    {
        Commit = "0123456789abcdef0123456789abcdef01234567",
        OutputDirectory = Path.Combine(Path.GetTempPath(), "pr-render-examples-unused"),
    };

    public static async Task<RenderResult> RenderAsync()
    {
        var set = await new DefinitionLoader().LoadAsync(new LoadOptions(RepositoryRoot()));
        return await new ArtifactRenderer(RenderFixture.TestRunner).RenderAsync(set, Options, CancellationToken.None);
    }

    private static string RepositoryRoot([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));
}
