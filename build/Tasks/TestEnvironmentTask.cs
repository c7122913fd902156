using Cake.Core.Diagnostics;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Diagnostics;
using PythonRuntime.Processes;

namespace PythonRuntime.Build.Tasks;

/// <summary>
/// Prepares what the tests need and only what is missing, through eng/test-env.sh: Docker engine, local registry,
/// offline base image and wheel index. A second run finds everything up and takes well under a second.
/// </summary>
[TaskName("TestEnvironment")]
[TaskDescription("Installs (as root) and starts what the tests need: docker.io, docker-registry, mmdebstrap, dockerd, a registry on 127.0.0.1:5000, the offline base image and a wheel index (eng/test-env.sh).")]
public sealed class TestEnvironmentTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var script = Path.Combine(context.Root, "eng", "test-env.sh");
        var outcome = await ChildProcessRunner.RunAsync(
            new ProcessSpec("bash", [script]) { WorkingDirectory = context.Root },
            (line, isError) => context.Log.Information("{0}", line),
            TimeSpan.FromMinutes(20),
            context.Stopping).ConfigureAwait(false);
        if (outcome.ExitCode != 0 || outcome.Cancelled || outcome.TimedOut)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"eng/test-env.sh could not prepare the test environment (exit code {outcome.ExitCode}); its message is above. The Docker tests need it: run it as root once, or install docker.io, docker-registry and mmdebstrap by hand.");
        }
    }
}
