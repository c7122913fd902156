using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Store;

namespace PythonRuntime.Execution.Docker;

/// <content>The build action: build (or find unchanged) the image, push it when asked, record it as the run's output.</content>
public sealed partial class DockerExecutor
{
    /// <summary>Builds the function's image and returns the run: COMPLETED with <c>outputs["image"]</c>, or ERROR with the build's failing step.</summary>
    public async Task<RunRecord> BuildAsync(RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.Run.Id;
        try
        {
            var result = await EnsureImageAsync(context, options.Images.Push, cancellationToken).ConfigureAwait(false);
            var image = result.Image;
            var results = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                ["image"] = JsonSerializer.SerializeToElement(image.Reference),
                ["content_tag"] = JsonSerializer.SerializeToElement(image.ContentTag),
                ["built"] = JsonSerializer.SerializeToElement(result.Built),
                ["reason"] = JsonSerializer.SerializeToElement(result.Reason),
            };
            if (image.CommitTag is { } commitTag)
            {
                results["commit_tag"] = JsonSerializer.SerializeToElement(commitTag);
            }

            if (image.Digest is { } digest)
            {
                results["digest"] = JsonSerializer.SerializeToElement(digest);
            }

            var outputs = new Dictionary<string, string>(StringComparer.Ordinal) { ["image"] = image.Key.ToString() };
            return await store.CompleteAsync(runId, RunState.Completed, results, outputs, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await store.CompleteAsync(runId, RunState.Stopped, NoResults, NoOutputs, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PythonRuntimeException ex)
        {
            var category = ex.ExitCode == ExitCodes.RunFailed ? "build" : "docker";
            return await store.CompleteAsync(runId, RunState.Error, NoResults, NoOutputs, new RunError("BuildFailed", ex.Message, category), CancellationToken.None).ConfigureAwait(false);
        }
    }
}
