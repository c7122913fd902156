using PythonRuntime.Specs;

namespace PythonRuntime.Store;

/// <summary>The run state machine: names as stored, which states are final, and which moves are allowed.</summary>
public static class RunStates
{
    /// <summary>The whole life cycle in one line, for error messages.</summary>
    public const string Diagram = "CREATED -> BUILT -> READY -> RUNNING -> COMPLETED | ERROR | STOPPED (serve)";

    /// <summary>Gets whether <paramref name="state"/> ends a run; nothing leaves a final state.</summary>
    public static bool IsFinal(RunState state) => state is RunState.Completed or RunState.Error or RunState.Stopped;

    /// <summary>Gets the stored, upper-case name of a state.</summary>
    public static string ToText(RunState state) => state switch
    {
        RunState.Created => "CREATED",
        RunState.Built => "BUILT",
        RunState.Ready => "READY",
        RunState.Running => "RUNNING",
        RunState.Completed => "COMPLETED",
        RunState.Error => "ERROR",
        RunState.Stopped => "STOPPED",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown run state"),
    };

    /// <summary>Parses a stored state name (upper-case, as <see cref="ToText"/> writes it).</summary>
    public static bool TryParse(string? text, out RunState state)
    {
        foreach (var candidate in Enum.GetValues<RunState>())
        {
            if (string.Equals(ToText(candidate), text, StringComparison.Ordinal))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    /// <summary>
    /// Says why a run of <paramref name="action"/> may not move from <paramref name="from"/> to <paramref name="to"/>,
    /// or returns null when it may. Skipping forward is allowed (a prebuilt image never becomes BUILT); going back,
    /// standing still or leaving a final state is not. COMPLETED needs some progress first and belongs to jobs and
    /// builds; a serve run ends STOPPED instead, and any run the user cancels ends STOPPED. ERROR is reachable from every state that is not final.
    /// </summary>
    public static string? WhyNot(TaskAction action, RunState from, RunState to)
    {
        if (IsFinal(from))
        {
            return $"{ToText(from)} is final; start a new run instead";
        }

        if (from == to)
        {
            return $"it is already {ToText(from)}";
        }

        return to switch
        {
            RunState.Error => null,
            // A service ends STOPPED when asked to; a job or build ends STOPPED when the user cancels it (Ctrl+C, SIGTERM).
            RunState.Stopped => null,
            RunState.Completed when action == TaskAction.Serve => "a serve run ends STOPPED or ERROR, not COMPLETED",
            RunState.Completed when from == RunState.Created => "nothing was built or run yet; move it to BUILT, READY or RUNNING first",
            RunState.Completed => null,
            _ when to < from => $"runs only move forward ({Diagram})",
            _ => null,
        };
    }
}
