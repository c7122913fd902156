using System.Text.Json;
using PythonRuntime.Specs;

namespace PythonRuntime.Store;

/// <summary>
/// Everything the store knows about one run. <see cref="IsOrphaned"/> is worked out when the record is read: the
/// run is not in a final state and its owner process, on this host, is gone. Reading never changes the store;
/// <see cref="RunStore.MarkOrphanedAsync"/> does.
/// </summary>
public sealed record RunRecord
{
    public required string Id { get; init; }

    public required EntityKey Key { get; init; }

    public required string Project { get; init; }

    public required string FunctionName { get; init; }

    public required string FunctionId { get; init; }

    public required TaskAction Action { get; init; }

    public required RunExecutor Executor { get; init; }

    public required RunState State { get; init; }

    /// <summary>Gets the run spec exactly as the caller stored it (never holds secret values).</summary>
    public required string SpecJson { get; init; }

    public required RunOwner Owner { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    public required DateTimeOffset UpdatedUtc { get; init; }

    /// <summary>Gets every state the run entered, oldest first; the first is always CREATED.</summary>
    public required IReadOnlyList<RunTransition> Transitions { get; init; }

    public required IReadOnlyDictionary<string, JsonElement> Results { get; init; }

    /// <summary>Gets the outputs by name, each an entity key (<c>store://project/artifact/name:id</c>).</summary>
    public required IReadOnlyDictionary<string, string> Outputs { get; init; }

    public RunError? Error { get; init; }

    public ServiceInfo? Service { get; init; }

    public required bool IsOrphaned { get; init; }

    /// <summary>Gets whether the run has ended (COMPLETED, ERROR or STOPPED).</summary>
    public bool IsFinal => RunStates.IsFinal(State);
}
