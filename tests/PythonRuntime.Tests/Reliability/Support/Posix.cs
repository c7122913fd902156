using System.Diagnostics;

namespace PythonRuntime.Tests.Reliability;

/// <summary>The few POSIX tools the reliability tests need, run without a shell; a missing tool fails the test and names it.</summary>
internal static class Posix
{
    /// <summary>Creates a FIFO at <paramref name="path"/>.</summary>
    public static void MakeFifo(string path) => Run("mkfifo", path);

    /// <summary>Gets whether this process runs as root (needed to mount a tmpfs).</summary>
    public static bool IsRoot => Environment.UserName == "root" || Run("id", "-u").Trim() == "0";

    /// <summary>Runs <paramref name="tool"/> and returns its standard output; a failure fails the test with the tool's stderr.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"The tool '{tool}' is needed by this test but could not be started: {ex.Message}. Install it (Debian: coreutils / util-linux / procps).");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, $"'{tool} {string.Join(' ', arguments)}' failed: {error}");
            return output.Result;
        }
    }
}
