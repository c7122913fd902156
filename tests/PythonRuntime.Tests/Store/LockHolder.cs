using System.Diagnostics;
using System.Globalization;

namespace PythonRuntime.Tests.Store;

/// <summary>
/// A second OS process (python3 with its sqlite3 module) that opens the store database, takes the write lock with
/// BEGIN IMMEDIATE, inserts a project row named 'from-python', holds the lock for a while and then commits.
/// </summary>
internal sealed class LockHolder : IDisposable
{
    private const string Script = """
        import sqlite3, sys, time
        connection = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO projects (name, created_utc) VALUES ('from-python', '2026-01-01T00:00:00.0000000Z')")
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
        connection.execute("COMMIT")
        """;

    // A version-manager shim (pyenv) can stand in front of python3 and cost half a second per start: ask it once
    // for the real interpreter and start that.
    private static readonly Lazy<string> Interpreter = new(ResolveInterpreter);

    private readonly Process _process;

    private LockHolder(Process process) => _process = process;

    public static LockHolder Start(string databasePath, double seconds)
    {
        var info = new ProcessStartInfo(Interpreter.Value) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(databasePath);
        info.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(info) ?? throw new InvalidOperationException($"'{info.FileName}' did not start");
        var line = process.StandardOutput.ReadLine();
        if (line != "locked")
        {
            var error = process.StandardError.ReadToEnd();
            process.Dispose();
            throw new InvalidOperationException($"python3 did not take the store's write lock: {line} {error}");
        }

        return new LockHolder(process);
    }

    private static string ResolveInterpreter()
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import sqlite3, sys; print(sys.executable)");
        try
        {
            using var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
            var path = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && File.Exists(path)
                ? path
                : throw new InvalidOperationException($"python3 exited with {process.ExitCode} and gave '{path}'; the cross-process store tests need python3 with its sqlite3 module");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("the cross-process store tests need python3 (with its standard sqlite3 module) on PATH", exception);
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Ends the process with SIGKILL, as a crash would, and waits for it to be gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
