using System.Diagnostics;
using System.Globalization;
using System.Text;
using PythonRuntime.Diagnostics;
using PythonRuntime.Store;

namespace PythonRuntime.Execution.Docker;

/// <content>Services: a detached container, ports published on 127.0.0.1, readiness read from the health port.</content>
public sealed partial class DockerExecutor
{
    private static readonly HttpClient Health = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>
    /// Starts a service container and returns once it is ready (RUNNING, with its URL recorded), or in ERROR with the
    /// container's log tail when it exits or does not become ready in time. The container outlives this process.
    /// </summary>
    public async Task<RunRecord> StartServiceAsync(RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.Run.Id;
        var name = ContainerName(context);
        var started = false;
        string? secretsOwner = null;
        try
        {
            var image = await EnsureImageAsync(context, push: false, cancellationToken).ConfigureAwait(false);
            var reference = $"{image.Image.Repository}:{image.Image.ContentTag}";
            await EnsureNetworkAsync(cancellationToken).ConfigureAwait(false);
            var runDirectory = RunDirectory(runId);
            Directory.CreateDirectory(runDirectory);
            (secretsOwner, var mount) = await WriteSecretsAsync(context, runDirectory, cancellationToken).ConfigureAwait(false);

            var deployment = (await KubernetesRendering.RenderRunAsync(options, context, ContainerRender(context, reference), cancellationToken).ConfigureAwait(false)).ReadDeployment();
            var pod = deployment.Spec.Template.Spec;
            var container = pod.Containers.Single();
            var publish = new List<string> { "--detach", "--restart", "no" };
            foreach (var port in container.Ports ?? [])
            {
                // A random free port on loopback only: the service is reachable from this machine, not the network.
                publish.AddRange(["--publish", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1::{port.ContainerPort}")]);
            }

            var environment = container.Env?.ToDictionary(e => e.Name, e => (string?)e.Value, StringComparer.Ordinal) ?? [];
            var (arguments, env) = DockerRunCommand.Create(pod, name, reference, NetworkName, Labels(context), new DockerMounts(null, null, mount), publish);
            foreach (var (key, value) in environment)
            {
                env[key] = value;
            }

            await store.TransitionAsync(runId, RunState.Ready, $"container {name}", cancellationToken).ConfigureAwait(false);
            started = true;
            var run = await _docker.RunAsync(arguments, environment: env, timeout: TimeSpan.FromMinutes(2), cancellationToken: cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!run.Succeeded)
            {
                throw new PythonRuntimeException(ExitCodes.Environment, $"docker could not start the service container: {run.Tail(3)}");
            }

            var url = await PublishedUrlAsync(name, container.Ports?.FirstOrDefault(p => p.Name == "http")?.ContainerPort ?? 8080, cancellationToken).ConfigureAwait(false);
            var healthUrl = await PublishedUrlAsync(name, container.Ports?.FirstOrDefault(p => p.Name == "health")?.ContainerPort ?? 8081, cancellationToken).ConfigureAwait(false);
            var pid = await ContainerProcessAsync(name, cancellationToken).ConfigureAwait(false);
            if (pid is { } owner)
            {
                await store.SetOwnerAsync(runId, owner, cancellationToken).ConfigureAwait(false);
            }

            if (!await WaitUntilReadyAsync(name, healthUrl, context.Request.ReadyTimeout, cancellationToken).ConfigureAwait(false))
            {
                var tail = await CopyLogsAsync(name, runId).ConfigureAwait(false);
                var message = $"the service container did not become ready within {context.Request.ReadyTimeout.TotalSeconds:0.#} s (or exited). Last output:{Environment.NewLine}{tail}";
                await RemoveContainerAsync(name).ConfigureAwait(false);
                LocalSecrets.DeleteFiles(secretsOwner);
                return await store.CompleteAsync(runId, RunState.Error, NoResults, NoOutputs, new RunError("NotReady", message, "readiness"), CancellationToken.None).ConfigureAwait(false);
            }

            await store.SetServiceAsync(runId, new ServiceInfo(url, healthUrl, pid?.ProcessId, name), cancellationToken).ConfigureAwait(false);
            await store.TransitionAsync(runId, RunState.Running, $"container {name} ready at {url}", cancellationToken).ConfigureAwait(false);
            log.Info($"{context.Function.Spec.Name}: serving at {url} (container {name})");
            return await store.GetRunAsync(runId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CleanUpAsync(started, name, secretsOwner).ConfigureAwait(false);
            return await store.CompleteAsync(runId, RunState.Stopped, NoResults, NoOutputs, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PythonRuntimeException or IOException or UnauthorizedAccessException or HttpRequestException)
        {
            await CleanUpAsync(started, name, secretsOwner).ConfigureAwait(false);
            var error = RunErrors.From(ex, "docker");
            return await store.CompleteAsync(runId, RunState.Error, NoResults, NoOutputs, error, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Stops a service container (SIGTERM, then a kill after the grace period), keeps its log, removes it.</summary>
    public async Task<RunRecord> StopServiceAsync(RunRecord run, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var name = run.Service?.Handle;
        var message = "stopped";
        if (name is not null)
        {
            var seconds = ((int)Math.Ceiling(grace.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var stop = await _docker.RunAsync(["stop", "--time", seconds, name], timeout: grace + TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!stop.Succeeded)
            {
                message = $"the container was already gone ({stop.Tail(1)})";
            }

            await CopyLogsAsync(name, run.Id).ConfigureAwait(false);
            await RemoveContainerAsync(name).ConfigureAwait(false);
        }

        var marker = Path.Combine(RunDirectory(run.Id), "secrets-folder");
        if (File.Exists(marker))
        {
            LocalSecrets.DeleteFiles((await File.ReadAllTextAsync(marker, CancellationToken.None).ConfigureAwait(false)).Trim());
        }

        await store.TransitionAsync(run.Id, RunState.Stopped, message, CancellationToken.None).ConfigureAwait(false);
        return await store.GetRunAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task CleanUpAsync(bool started, string name, string? secretsOwner)
    {
        if (started)
        {
            await RemoveContainerAsync(name).ConfigureAwait(false);
        }

        LocalSecrets.DeleteFiles(secretsOwner);
    }

    private async Task<string> PublishedUrlAsync(string name, int containerPort, CancellationToken cancellationToken)
    {
        var result = await _docker.RunAsync(["port", name, containerPort.ToString(CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        var address = result.Lines.Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("127.0.0.1:", StringComparison.Ordinal))
            ?? throw new PythonRuntimeException(ExitCodes.Environment, $"The container '{name}' has no port published for {containerPort}: {result.Tail(2)}");
        return $"http://{address}";
    }

    /// <summary>The container's main process as a run owner: a later command sees the service is gone when it is.</summary>
    private async Task<RunOwner?> ContainerProcessAsync(string name, CancellationToken cancellationToken)
    {
        var result = await _docker.RunAsync(["inspect", "--format", "{{.State.Pid}}", name], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded || !int.TryParse(result.Lines.LastOrDefault()?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return new RunOwner(pid, process.StartTime.ToUniversalTime(), Environment.MachineName);
        }
        catch (ArgumentException)
        {
            // The engine runs elsewhere (a remote DOCKER_HOST): the pid is not ours to watch.
            return null;
        }
    }

    private async Task<bool> WaitUntilReadyAsync(string name, string healthUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(20);
        var nextStateCheck = TimeSpan.Zero;
        while (deadline.Elapsed < timeout)
        {
            try
            {
                using var response = await Health.GetAsync(new Uri(healthUrl + "/readyz"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer counts as not ready.
            }

            if (deadline.Elapsed >= nextStateCheck)
            {
                nextStateCheck = deadline.Elapsed + TimeSpan.FromSeconds(1);
                if (await InspectStateAsync(name, cancellationToken).ConfigureAwait(false) is not { } state || !state.GetProperty("Running").GetBoolean())
                {
                    return false;
                }
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 200));
        }

        return false;
    }

    /// <summary>Appends the container's output to the run's log in the store and returns its last lines.</summary>
    private async Task<string> CopyLogsAsync(string name, string runId)
    {
        var result = await _docker.RunAsync(["logs", name], timeout: TimeSpan.FromSeconds(30), cancellationToken: CancellationToken.None).ConfigureAwait(false);
        if (result.Lines.Count > 0)
        {
            var stream = store.OpenLogForAppend(runId);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(string.Join('\n', result.Lines) + "\n")).ConfigureAwait(false);
            }
        }

        return result.Tail(20);
    }
}
