namespace PythonRuntime.Store;

/// <summary>Where a run executes. Stored as the lower-case name.</summary>
public enum RunExecutor
{
    Local,
    Docker,
    Kubernetes,
}
