namespace PythonRuntime.Kubernetes;

/// <summary>How objects are applied: <see cref="ForceConflicts"/> is <c>--force-conflicts</c>, <see cref="DryRun"/> sends <c>dryRun=All</c>.</summary>
public sealed record ApplyOptions
{
    /// <summary>Gets a value indicating whether fields owned by another manager are taken over (<c>force=true</c>).</summary>
    public bool ForceConflicts { get; init; }

    /// <summary>Gets a value indicating whether the server only validates the objects (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }
}
