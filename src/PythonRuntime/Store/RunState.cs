namespace PythonRuntime.Store;

/// <summary>
/// Where a run is in its life. Runs only move forward: CREATED -> BUILT -> READY -> RUNNING, and end in one of
/// the final states COMPLETED, ERROR or STOPPED (serve only). Stored as the upper-case name.
/// </summary>
public enum RunState
{
    Created,
    Built,
    Ready,
    Running,
    Completed,
    Error,
    Stopped,
}
