using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PythonRuntime.Processes;

/// <summary>Sends POSIX signals and checks whether a process is alive, without a shell.</summary>
public static partial class Signals
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>Sends SIGTERM (a graceful stop) to <paramref name="pid"/>; on Windows the process is killed.</summary>
    public static bool Terminate(int pid) => Send(pid, SigTerm);

    /// <summary>Sends SIGKILL to <paramref name="pid"/>.</summary>
    public static bool Kill(int pid) => Send(pid, SigKill);

    /// <summary>
    /// Sends SIGTERM to the process group <paramref name="pid"/> leads, or to the process alone when it leads none
    /// (it has not made its group yet, or never does).
    /// </summary>
    public static bool TerminateGroup(int pid) => SendGroup(pid, SigTerm);

    /// <summary>Sends SIGKILL to what is left of the process group <paramref name="pid"/> led; false when nothing is left.</summary>
    public static bool KillGroup(int pid) => !OperatingSystem.IsWindows() && pid > 0 && NativeKill(-pid, SigKill) == 0;

    /// <summary>Gets whether a process with <paramref name="pid"/> exists (and is not a zombie we could reap).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        if (OperatingSystem.IsLinux())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                // Gone, possibly between a check and the read: a process that ends is not alive.
                return false;
            }

            // A zombie has exited; only its parent has not collected it yet.
            var close = stat.LastIndexOf(')');
            return close < 0 || close + 2 >= stat.Length || stat[close + 2] != 'Z';
        }

        return NativeKill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1;
    }

    private static bool Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        return NativeKill(pid, signal) == 0;
    }

    private static bool SendGroup(int pid, int signal) =>
        (!OperatingSystem.IsWindows() && pid > 0 && NativeKill(-pid, signal) == 0) || Send(pid, signal);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
