namespace PythonRuntime.Rendering.Context;

/// <summary>
/// Everything that goes into a function image, sorted by path, and where the code came from.
/// <see cref="CodeSrc"/> is what the runner gets as <c>code_src</c>: the code's path below the code folder,
/// or the remote URI.
/// </summary>
internal sealed record BuildContext(IReadOnlyList<ContextFile> Files, CodeKind Kind, string? CodeSrc, string? RemoteUri)
{
    public bool CodeInContext => Kind != CodeKind.Remote;
}
