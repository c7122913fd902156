using System.ComponentModel;
using System.Diagnostics;

namespace PythonRuntime.Store;

/// <summary>
/// Tells whether a run's owner process still exists. A pid alone is not enough: pids are reused, so the process
/// found must also have started when the owner did. When the answer cannot be known (another host, no permission
/// to read the start time) the owner counts as alive, because wrongly calling a live run dead is the worse mistake.
/// </summary>
internal static class ProcessLiveness
{
    // Process.StartTime is derived from boot time plus ticks and can wobble by a few milliseconds between readers;
    // a pid reused within two seconds by a process that also looks like the owner is not a realistic case.
    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(2);

    /// <summary>Gets whether a run in <paramref name="state"/> owned by <paramref name="owner"/> was left unfinished.</summary>
    public static bool IsOrphaned(RunState state, RunOwner owner) =>
        !RunStates.IsFinal(state) && IsThisHost(owner) && !IsAlive(owner);

    public static bool IsThisHost(RunOwner owner) =>
        string.Equals(owner.HostName, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

    public static bool IsAlive(RunOwner owner)
    {
        if (owner.ProcessId <= 0)
        {
            return false;
        }

        Process process;
        try
        {
            process = Process.GetProcessById(owner.ProcessId);
        }
        catch (ArgumentException)
        {
            return false;
        }

        using (process)
        {
            try
            {
                if (process.HasExited || IsZombie(owner.ProcessId))
                {
                    return false;
                }

                var started = new DateTimeOffset(process.StartTime.ToUniversalTime());
                return (started - owner.ProcessStartUtc).Duration() <= StartTolerance;
            }
            catch (InvalidOperationException)
            {
                // The process ended between the lookup and the question.
                return false;
            }
            catch (Win32Exception)
            {
                return true;
            }
            catch (NotSupportedException)
            {
                return true;
            }
        }
    }

    // A process that ended but was not yet reaped by its parent still has a pid and answers kill(pid, 0);
    // on Linux /proc says 'Z' (zombie) or 'X' (dead) in the state field that follows the ") " of the name.
    private static bool IsZombie(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return end >= 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
