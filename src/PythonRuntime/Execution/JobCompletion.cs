using System.Text.Json;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// Ends a job run from what the runner left in its output folder (<c>status.json</c> and the output files): the
/// same reading for a local process and a container, so a job's results mean the same on every executor.
/// </summary>
internal static class JobCompletion
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoResults = new Dictionary<string, JsonElement>();
    private static readonly IReadOnlyDictionary<string, string> NoOutputs = new Dictionary<string, string>();

    /// <summary>Completes the run as COMPLETED (results, outputs stored as artifacts) or ERROR (the runner's error, or a crash with the output tail).</summary>
    public static async Task<RunRecord> FromStatusAsync(RunStore store, RunContext context, int exitCode, string outputDirectory, string tail)
    {
        var runId = context.Run.Id;
        var none = CancellationToken.None;
        var status = await ReadStatusAsync(Path.Combine(outputDirectory, "status.json")).ConfigureAwait(false);
        if (status is null)
        {
            var message = $"the runner ended with exit code {exitCode} without writing its status. Last output:{Environment.NewLine}{tail}";
            return await store.CompleteAsync(runId, RunState.Error, NoResults, NoOutputs, new RunError("RunnerCrashed", message, "crash"), none).ConfigureAwait(false);
        }

        if (status.State != "COMPLETED" || exitCode != RunnerExitCodes.Completed)
        {
            var error = status.Error is { } failed
                ? new RunError(failed.Type, failed.Message, failed.Category)
                : new RunError("RunnerFailed", $"the runner ended with exit code {exitCode}", "crash");
            return await store.CompleteAsync(runId, RunState.Error, status.Results, NoOutputs, error, none).ConfigureAwait(false);
        }

        var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, output) in status.Outputs)
        {
            // The status file is written inside the function's sandbox (a container, for the docker executor): an
            // output may only name a file directly in the output folder, never a path that reaches the host.
            if (output.File.Length == 0 || Path.GetFileName(output.File) != output.File || output.File is "." or "..")
            {
                var message = $"the runner named the output '{name}' file '{output.File}', which is not a plain file name in its output folder";
                return await store.CompleteAsync(runId, RunState.Error, status.Results, NoOutputs, new RunError("InvalidOutput", message, "crash"), none).ConfigureAwait(false);
            }

            var artifact = await store.AddArtifactAsync(context.Project.Name, name, runId, Path.Combine(outputDirectory, output.File), output.Format, none).ConfigureAwait(false);
            outputs[name] = artifact.Key.ToString();
        }

        return await store.CompleteAsync(runId, RunState.Completed, status.Results, outputs, null, none).ConfigureAwait(false);
    }

    private static async Task<RunnerStatus?> ReadStatusAsync(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<RunnerStatus>(stream).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
