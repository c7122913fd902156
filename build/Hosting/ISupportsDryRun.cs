namespace PythonRuntime.Build.Hosting;

/// <summary>
/// Marks a task that still runs under <c>--dryrun</c> because it can report what it would do without
/// doing it (its context's <c>DryRun</c> is true). Other tasks are only listed.
/// </summary>
public interface ISupportsDryRun
{
}
