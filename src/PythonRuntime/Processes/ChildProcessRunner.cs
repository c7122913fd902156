using System.Diagnostics;
using System.Runtime.InteropServices;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Processes;

/// <summary>
/// Runs child processes with their output streamed line by line to a callback (so a handler that prints
/// megabytes never fills a pipe), an optional time limit, and a clean stop on cancellation: SIGTERM first,
/// then a kill of the whole tree after the grace period.
/// </summary>
public static class ChildProcessRunner
{
    /// <summary>Runs <paramref name="spec"/> to its end.</summary>
    /// <param name="spec">What to run.</param>
    /// <param name="onLine">Called for every output line; <c>true</c> marks standard error. May be called from two threads.</param>
    /// <param name="timeout">The longest the process may run, or null.</param>
    /// <param name="cancellationToken">Stops the process when cancelled; the outcome then says so.</param>
    /// <exception cref="PythonRuntimeException">The program cannot be started.</exception>
    public static async Task<ProcessOutcome> RunAsync(ProcessSpec spec, Action<string, bool>? onLine, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var started = Stopwatch.StartNew();
        using var process = Start(spec, redirect: true);
        var stdout = PumpAsync(process.StandardOutput, line => onLine?.Invoke(line, false));
        var stderr = PumpAsync(process.StandardError, line => onLine?.Invoke(line, true));
        if (spec.StandardInput is not null)
        {
            await process.StandardInput.WriteAsync(spec.StandardInput.AsMemory(), CancellationToken.None).ConfigureAwait(false);
        }

        process.StandardInput.Close();

        using var limit = timeout is { } max ? new CancellationTokenSource(max) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        var cancelled = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
            await StopAsync(process, spec.StopGrace).ConfigureAwait(false);
        }

        // A grandchild that inherited the pipes can keep them open after the process ended; do not wait for it long.
        var pumped = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(pumped, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false) != pumped)
        {
            process.Kill(entireProcessTree: true);
        }
        var timedOut = cancelled && limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
        return new ProcessOutcome(process.ExitCode, cancelled && !timedOut, timedOut, started.Elapsed);
    }

    /// <summary>Starts <paramref name="spec"/> without waiting; the caller owns the process.</summary>
    /// <exception cref="PythonRuntimeException">The program cannot be started.</exception>
    public static Process Start(ProcessSpec spec, bool redirect)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var info = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            RedirectStandardInput = redirect,
            WorkingDirectory = spec.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        try
        {
            return Process.Start(info) ?? throw new PythonRuntimeException(ExitCodes.Environment, $"The program '{spec.FileName}' could not be started.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new PythonRuntimeException(ExitCodes.Environment, $"The program '{spec.FileName}' could not be started: {ex.Message}. Check that it is installed and on PATH.", ex);
        }
    }

    /// <summary>Asks a process to end with SIGTERM and kills its tree if it has not ended after <paramref name="grace"/>.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.HasExited)
        {
            return;
        }

        // The whole group the child leads (the runner makes one), so processes the handler started stop too.
        Signals.TerminateGroup(process.Id);
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // Whatever of the group outlived the child (it ignored SIGTERM, or was reparented away from the tree).
        Signals.KillGroup(process.Id);
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
        }
    }
}
