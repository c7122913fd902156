namespace PythonRuntime.Store;

/// <summary>One step in a run's history: the state it entered, when (UTC), and why.</summary>
public sealed record RunTransition(RunState State, DateTimeOffset AtUtc, string? Message);
