namespace PythonRuntime.Rendering;

/// <summary>What a write did: files replaced, files left alone because their bytes were already right, stale files removed.</summary>
public sealed record WriteSummary(IReadOnlyList<string> Written, IReadOnlyList<string> Unchanged, IReadOnlyList<string> Removed);
