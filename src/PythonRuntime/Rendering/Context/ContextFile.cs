namespace PythonRuntime.Rendering.Context;

/// <summary>A file of a build context: its path below the context folder ('/' separated) and its bytes.</summary>
internal sealed record ContextFile(string Path, byte[] Content);
