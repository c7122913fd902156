using System.Diagnostics;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

/// <summary>An owner whose process has certainly ended: a short process started and waited for here.</summary>
internal static class DeadProcess
{
    public static RunOwner Owner()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start 'true' to get a dead pid");
        var startedAround = DateTimeOffset.UtcNow;
        process.WaitForExit();
        return new RunOwner(process.Id, startedAround, Environment.MachineName);
    }
}
