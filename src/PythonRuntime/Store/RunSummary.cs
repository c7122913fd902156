using PythonRuntime.Specs;

namespace PythonRuntime.Store;

/// <summary>One line of a run listing; <see cref="IsOrphaned"/> has the same meaning as on <see cref="RunRecord"/>.</summary>
public sealed record RunSummary(
    string Id,
    EntityKey Key,
    string FunctionName,
    TaskAction Action,
    RunExecutor Executor,
    RunState State,
    DateTimeOffset CreatedUtc,
    DateTimeOffset UpdatedUtc,
    bool IsOrphaned);
