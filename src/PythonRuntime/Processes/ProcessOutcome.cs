namespace PythonRuntime.Processes;

/// <summary>How a child process ended: its exit code, and whether it was stopped or timed out.</summary>
public sealed record ProcessOutcome(int ExitCode, bool Cancelled, bool TimedOut, TimeSpan Duration);
