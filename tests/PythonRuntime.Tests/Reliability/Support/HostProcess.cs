using System.Diagnostics;
using System.Text;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability;

/// <summary>A build host started in the background (<c>./build.sh</c> execs dotnet, so the pid is the host's), for tests that signal or kill it.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Gets what the host printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString() + _stderr;
            }
        }
    }

    public static HostProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(Repository.PathOf("build.sh")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["TERM"] = "dumb";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new HostProcess(Process.Start(info)!);
    }

    /// <summary>Waits for the host to end within <paramref name="bound"/> (failing the test otherwise) and returns what it did.</summary>
    public async Task<ProcessResult> WaitAsync(TimeSpan bound)
    {
        using var limit = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"The build host did not end within {bound.TotalSeconds} s.\n{Output}");
        }

        _process.WaitForExit();
        lock (_stdout)
        {
            return new ProcessResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the host never printed '{text}':\n{Output}");
            Assert.That(_process.HasExited, Is.False, $"the host ended before printing '{text}':\n{Output}");
            await Task.Delay(25);
        }
    }

    /// <summary>Kills the host with SIGKILL, as <c>kill -9</c> does, and waits for it to be gone.</summary>
    public void KillHard()
    {
        PythonRuntime.Processes.Signals.Kill(_process.Id);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stdout)
        {
            target.Append(line).Append('\n');
        }
    }
}
