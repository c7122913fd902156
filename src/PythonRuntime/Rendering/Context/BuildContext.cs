namespace PythonRuntime.Rendering.Context;

/// <summary>
/// Everything that goes into a function image, sorted by path, and where the code came from.
/// <see cref="Source"/> is the definition's <c>code_src</c> (normalized; the file inline code went to).
/// <see cref="CodeSrc"/> is what the runner gets as <c>code_src</c>, exactly as the local executor stages code:
/// the .py file's path below the code folder, nothing for a folder (its contents are the code folder), or the
/// remote URI.
/// </summary>
internal sealed record BuildContext(IReadOnlyList<ContextFile> Files, CodeKind Kind, string? Source, string? CodeSrc, string? RemoteUri)
{
    public bool CodeInContext => Kind != CodeKind.Remote;
}
