using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// Runs the build action (docker executor) for several functions, up to <c>parallel</c> at a time. With more than
/// one at a time, each build's log is held and printed as one block when it ends.
/// </summary>
public static class ProjectImageBuilder
{
    /// <summary>Builds the images and returns one build run per function, in the order given.</summary>
    public static async Task<IReadOnlyList<RunRecord>> BuildAllAsync(RunServiceOptions options, DefinitionSet set, IReadOnlyList<FunctionDefinition> functions, int parallel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(functions);
        var runs = new RunRecord[functions.Count];

        // One reading of the commit for every image of this build, so they all carry the same commit tag.
        var revision = options.Images.Revision ?? await Images.SourceRevision.ReadAsync(set.Root, cancellationToken).ConfigureAwait(false);
        options = options with { Images = options.Images with { Revision = revision } };
        var limit = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, functions.Count, limit, async (index, token) =>
        {
            var function = functions[index];
            var grouped = parallel > 1 ? new GroupedRunLog(options.Log, $"build of {function.Spec.Name}") : null;
            var service = await RunService.OpenAsync(options with { Log = (IRunLog?)grouped ?? options.Log }, token).ConfigureAwait(false);
            await using (service.ConfigureAwait(false))
            {
                try
                {
                    runs[index] = await service.RunAsync(function, set.Project, new RunRequest { Action = TaskAction.Build, Executor = RunExecutor.Docker }, token).ConfigureAwait(false);
                }
                finally
                {
                    grouped?.Flush();
                }
            }
        }).ConfigureAwait(false);
        return runs;
    }
}
