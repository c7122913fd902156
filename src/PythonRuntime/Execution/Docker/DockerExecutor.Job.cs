using System.Text;
using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Images;
using PythonRuntime.Processes;
using PythonRuntime.Store;

namespace PythonRuntime.Execution.Docker;

/// <content>Jobs: one container per run, waited for; results and outputs read from the mounted output folder.</content>
public sealed partial class DockerExecutor
{
    /// <summary>Runs a job in a container and returns the final run record (COMPLETED, ERROR, or STOPPED when cancelled).</summary>
    public async Task<RunRecord> RunJobAsync(RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.Run.Id;
        var name = ContainerName(context);
        string? secretsOwner = null;
        var started = false;
        try
        {
            var image = await EnsureImageAsync(context, push: false, cancellationToken).ConfigureAwait(false);
            var reference = $"{image.Image.Repository}:{image.Image.ContentTag}";
            await EnsureNetworkAsync(cancellationToken).ConfigureAwait(false);
            var runDirectory = RunDirectory(runId);
            var outputs = Path.Combine(runDirectory, "out");
            PrepareFolder(outputs, Shared);
            var termination = Path.Combine(runDirectory, "termination-log");
            await File.WriteAllTextAsync(termination, string.Empty, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(termination, (UnixFileMode)0b110_110_110);
            }
            var (owner, mount) = await WriteSecretsAsync(context, runDirectory, cancellationToken).ConfigureAwait(false);
            secretsOwner = owner;

            var job = (await KubernetesRendering.RenderRunAsync(options, context, ContainerRender(context, reference), cancellationToken).ConfigureAwait(false)).ReadJob();
            var pod = job.Spec.Template.Spec;
            var environment = pod.Containers.Single().Env?.ToDictionary(e => e.Name, e => (string?)e.Value, StringComparer.Ordinal) ?? [];
            var extra = MountInputs(context, environment);
            var (arguments, env) = DockerRunCommand.Create(pod, name, reference, NetworkName, Labels(context), new DockerMounts(outputs, termination, mount), extra);
            foreach (var (key, value) in environment)
            {
                env[key] = value;
            }

            await store.TransitionAsync(runId, RunState.Ready, $"container {name}", cancellationToken).ConfigureAwait(false);
            await store.TransitionAsync(runId, RunState.Running, $"docker run {reference}", cancellationToken).ConfigureAwait(false);
            started = true;
            var tail = new OutputTail(30);
            DockerResult result;
            var logStream = store.OpenLogForAppend(runId);
            await using (logStream.ConfigureAwait(false))
            {
                var writer = new StreamWriter(logStream, new UTF8Encoding(false));
                await using (writer.ConfigureAwait(false))
                {
                    result = await _docker.RunAsync(
                        arguments,
                        (line, isError) =>
                        {
                            lock (writer)
                            {
                                writer.WriteLine(line);
                            }

                            tail.Add(line);
                            log.Output(line, isError);
                        },
                        environment: env,
                        timeout: context.Request.Timeout,
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            return await FinishJobAsync(context, name, result, outputs, tail).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await store.CompleteAsync(runId, RunState.Stopped, NoResults, NoOutputs, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PythonRuntimeException or IOException or UnauthorizedAccessException)
        {
            var error = RunErrors.From(ex, "docker");
            return await store.CompleteAsync(runId, RunState.Error, NoResults, NoOutputs, error, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (started)
            {
                // A cancelled or timed-out CLI may leave the container running; it never outlives its run.
                await RemoveContainerAsync(name).ConfigureAwait(false);
            }

            LocalSecrets.DeleteFiles(secretsOwner);
        }
    }

    private async Task<RunRecord> FinishJobAsync(RunContext context, string name, DockerResult result, string outputs, OutputTail tail)
    {
        var runId = context.Run.Id;
        var none = CancellationToken.None;
        if (result.Cancelled)
        {
            return await store.CompleteAsync(runId, RunState.Stopped, NoResults, NoOutputs, null, none).ConfigureAwait(false);
        }

        if (result.TimedOut && context.Request.Timeout is { } limit)
        {
            var message = $"the job ran longer than {limit.TotalSeconds:0.#} s and was stopped";
            return await store.CompleteAsync(runId, RunState.Error, NoResults, NoOutputs, new RunError("Timeout", message, "timeout"), none).ConfigureAwait(false);
        }

        var state = await InspectStateAsync(name, none).ConfigureAwait(false);
        if (state is { } known && known.GetProperty("OOMKilled").GetBoolean())
        {
            var message = $"the container was killed for using more memory than its limit. Raise the task's memory limit. Last output:{Environment.NewLine}{tail}";
            return await store.CompleteAsync(runId, RunState.Error, NoResults, NoOutputs, new RunError("OOMKilled", message, "resources"), none).ConfigureAwait(false);
        }

        if (state is null && result.ExitCode == 125)
        {
            // 125: docker itself failed before the container ran (bad option, missing image, engine error).
            var message = $"docker could not start the container: {result.Tail(3)}";
            return await store.CompleteAsync(runId, RunState.Error, NoResults, NoOutputs, new RunError("DockerRunFailed", message, "docker"), none).ConfigureAwait(false);
        }

        var exitCode = state is { } ended ? ended.GetProperty("ExitCode").GetInt32() : result.ExitCode;
        return await JobCompletion.FromStatusAsync(store, context, exitCode, outputs, tail.ToString()).ConfigureAwait(false);
    }

    private static readonly IReadOnlyDictionary<string, JsonElement> NoResults = new Dictionary<string, JsonElement>();
    private static readonly IReadOnlyDictionary<string, string> NoOutputs = new Dictionary<string, string>();
}
