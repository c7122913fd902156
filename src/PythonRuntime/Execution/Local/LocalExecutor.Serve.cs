using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Processes;
using PythonRuntime.Store;

namespace PythonRuntime.Execution.Local;

/// <content>Services: start the runner detached, wait for readiness on its health port, stop it with SIGTERM.</content>
public sealed partial class LocalExecutor
{
    private static readonly HttpClient Health = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>
    /// Starts a service and returns once it is ready (RUNNING, with its URL recorded), or in ERROR with the log tail
    /// when it exits or does not become ready in time. The service keeps running after this process ends.
    /// </summary>
    public async Task<RunRecord> StartServiceAsync(RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.Run.Id;
        System.Diagnostics.Process? process = null;
        try
        {
            var files = await StageAsync(context, serve: true, cancellationToken).ConfigureAwait(false);
            var environment = files.Environment;
            var secretsFolder = files.SecretsFolder;
            var outputDirectory = files.OutputDirectory;
            var processSpec = new ProcessSpec(environment.PythonExecutable, [environment.RunnerPath, "serve", "--spec", files.SpecPath, "--log-file", store.LogPath(runId), "--detach"])
            {
                WorkingDirectory = environment.Code.Directory,
                Environment = EnvironmentFor(context, secretsFolder),
            };
            process = ChildProcessRunner.Start(processSpec, redirect: false);
            await store.SetOwnerAsync(runId, new RunOwner(process.Id, StartTimeOf(process), Environment.MachineName), cancellationToken).ConfigureAwait(false);
            var service = await WaitUntilReadyAsync(process, Path.Combine(outputDirectory, "serve.json"), context.Request.ReadyTimeout, cancellationToken).ConfigureAwait(false);
            if (service is null)
            {
                var tail = await store.ReadLogTailAsync(runId, 4096, CancellationToken.None).ConfigureAwait(false);
                var exited = process.HasExited;
                await ChildProcessRunner.StopAsync(process, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                LocalSecrets.DeleteFiles(secretsFolder);
                var message = exited
                    ? $"the service exited with code {process.ExitCode} before it was ready. Last output:{Environment.NewLine}{tail}"
                    : $"the service was not ready within {context.Request.ReadyTimeout.TotalSeconds:0.#} s and was stopped. Last output:{Environment.NewLine}{tail}";
                var category = exited && process.ExitCode == RunnerExitCodes.SetupError ? "setup" : exited ? "crash" : "timeout";
                return await store.CompleteAsync(runId, RunState.Error, new Dictionary<string, JsonElement>(), new Dictionary<string, string>(), new RunError("ServiceNotReady", message, category), CancellationToken.None).ConfigureAwait(false);
            }

            await store.SetServiceAsync(runId, service with { ProcessId = process.Id }, CancellationToken.None).ConfigureAwait(false);
            await store.TransitionAsync(runId, RunState.Running, $"serving on {service.Url}", CancellationToken.None).ConfigureAwait(false);
            return await store.GetRunAsync(runId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (process is not null)
            {
                await ChildProcessRunner.StopAsync(process, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }

            await DeleteSecretsAsync(runId).ConfigureAwait(false);
            return await store.CompleteAsync(runId, RunState.Stopped, new Dictionary<string, JsonElement>(), new Dictionary<string, string>(), null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PythonRuntimeException or IOException or UnauthorizedAccessException)
        {
            if (process is not null)
            {
                await ChildProcessRunner.StopAsync(process, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }

            await DeleteSecretsAsync(runId).ConfigureAwait(false);
            return await store.CompleteAsync(runId, RunState.Error, new Dictionary<string, JsonElement>(), new Dictionary<string, string>(), RunErrors.From(ex, "environment"), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            process?.Dispose();
        }
    }

    /// <summary>Stops a local service (SIGTERM, then SIGKILL after the grace period) and marks the run STOPPED.</summary>
    public async Task<RunRecord> StopServiceAsync(RunRecord run, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var message = "stopped";
        if (!run.IsOrphaned && run.Owner.ProcessId > 0 && Signals.IsAlive(run.Owner.ProcessId))
        {
            // The detached runner leads its own session and group: stop the processes the handler started too.
            Signals.TerminateGroup(run.Owner.ProcessId);
            var deadline = DateTimeOffset.UtcNow + grace;
            while (Signals.IsAlive(run.Owner.ProcessId) && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(25, cancellationToken).ConfigureAwait(false);
            }

            if (Signals.IsAlive(run.Owner.ProcessId))
            {
                Signals.Kill(run.Owner.ProcessId);
                message = $"did not stop within {grace.TotalSeconds:0.#} s of SIGTERM and was killed";
            }

            Signals.KillGroup(run.Owner.ProcessId);
        }
        else
        {
            message = "the service process had already ended";
        }

        await DeleteSecretsAsync(run.Id).ConfigureAwait(false);
        await store.TransitionAsync(run.Id, RunState.Stopped, message, CancellationToken.None).ConfigureAwait(false);
        return await store.GetRunAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DeleteSecretsAsync(string runId)
    {
        var marker = Path.Combine(RunDirectory(runId), "secrets-folder");
        if (File.Exists(marker))
        {
            var folder = (await File.ReadAllTextAsync(marker).ConfigureAwait(false)).Trim();
            LocalSecrets.DeleteFiles(folder.Length == 0 ? null : folder);
        }
    }

    private static async Task<ServiceInfo?> WaitUntilReadyAsync(System.Diagnostics.Process process, string serveFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Ask /readyz with a short, growing interval (10 to 50 ms): readiness is usually tens of milliseconds away.
        var deadline = DateTimeOffset.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(10);
        ServiceInfo? service = null;
        while (DateTimeOffset.UtcNow < deadline && !process.HasExited)
        {
            cancellationToken.ThrowIfCancellationRequested();
            service ??= await ReadServeFileAsync(serveFile).ConfigureAwait(false);
            if (service?.HealthUrl is { } health && await IsReadyAsync(health, cancellationToken).ConfigureAwait(false))
            {
                return service;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 50));
        }

        return null;
    }

    private static async Task<bool> IsReadyAsync(string healthUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Health.GetAsync(healthUrl.TrimEnd('/') + "/readyz", cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<ServiceInfo?> ReadServeFileAsync(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(path).ConfigureAwait(false));
            var root = document.RootElement;
            return new ServiceInfo(root.GetProperty("url").GetString()!, root.GetProperty("health_url").GetString());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or IOException)
        {
            return null;
        }
    }
}
