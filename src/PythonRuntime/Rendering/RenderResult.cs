namespace PythonRuntime.Rendering;

/// <summary>
/// A complete render held in memory: nothing has been written yet. <see cref="Files"/> is the dry-run
/// listing; <see cref="ArtifactRenderer.WriteAsync"/> writes it.
/// </summary>
public sealed record RenderResult(string OutputDirectory, IReadOnlyList<RenderedFunction> Functions)
{
    /// <summary>Gets every file, function by function, in a stable order.</summary>
    public IEnumerable<RenderedFile> Files => Functions.SelectMany(function => function.Files);
}
