using System.Diagnostics;

namespace PythonRuntime.Store;

/// <summary>
/// The process that drives a run. The start time is kept with the pid so a later command can tell a live owner
/// from an unrelated process that reused the pid; the host name so nobody judges a process on another machine.
/// </summary>
public sealed record RunOwner(int ProcessId, DateTimeOffset ProcessStartUtc, string HostName)
{
    /// <summary>Gets the current process as an owner.</summary>
    public static RunOwner Current { get; } = Describe();

    private static RunOwner Describe()
    {
        using var self = Process.GetCurrentProcess();
        return new RunOwner(self.Id, self.StartTime.ToUniversalTime(), Environment.MachineName);
    }
}
