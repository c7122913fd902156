using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Diagnostics;
using PythonRuntime.Images;
using PythonRuntime.Store;

namespace PythonRuntime.Build.Tasks;

/// <summary>Pushes the images the Build task made (content tag and commit tag) and records their digests.</summary>
[TaskName("Push")]
[TaskDescription("Pushes each function's image (after Build) with bounded retries; credentials from PYTHONRUNTIME_REGISTRY_USERNAME/PASSWORD via docker login --password-stdin; --docker-host as for Build.")]
[IsDependentOn(typeof(BuildTask))]
public sealed class PushTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        await using var service = await context.OpenRunServiceAsync().ConfigureAwait(false);
        var builder = new ImageBuilder(service.Store, new DockerCli(host: context.ImageSettings.DockerHost), context.RunLog, context.ServiceOptions.ResolvedStateDirectory);
        var pushed = new List<ImageRecord>();
        foreach (var run in context.BuildRuns)
        {
            var key = run.Outputs.TryGetValue("image", out var text) ? EntityKey.Parse(text) : throw new PythonRuntimeException(ExitCodes.Failure, $"The build run {run.Id} of '{run.FunctionName}' recorded no image.");
            var image = await service.Store.GetImageAsync(key, context.Stopping).ConfigureAwait(false);
            pushed.Add(await builder.PushAsync(image, context.ImageSettings.PushRetry, alwaysPush: false, context.Stopping).ConfigureAwait(false));
        }

        context.PushedImages.AddRange(pushed);
        foreach (var image in pushed)
        {
            context.Log.Information("  {0,-20} {1}", image.Key.Name, image.Reference);
        }
    }
}
