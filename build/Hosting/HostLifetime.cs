using System.Runtime.InteropServices;

namespace PythonRuntime.Build.Hosting;

/// <summary>
/// Turns Ctrl+C and SIGTERM into a cancellation that tasks pass down, so child processes are stopped and
/// runs are recorded as stopped instead of the process dying mid-write. A second signal is not caught.
/// </summary>
public sealed class HostLifetime : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public HostLifetime()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    /// <summary>Gets the token cancelled by the first Ctrl+C or SIGTERM.</summary>
    public CancellationToken Stopping => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return;
        }

        // Keep the process alive once so the running task can clean up; a second signal ends it.
        context.Cancel = true;
        _source.Cancel();
    }
}
