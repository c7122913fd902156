using PythonRuntime.Diagnostics;

namespace PythonRuntime;

/// <summary>
/// An exclusive lock held through an open file. The operating system releases it when the holder exits or
/// dies, so a crashed run never leaves a stale lock behind. Waiters say what they wait for.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream)
    {
        _stream = stream;
    }

    /// <summary>Acquires the lock at <paramref name="path"/>, waiting for another holder to release it.</summary>
    public static async Task<FileLock> AcquireAsync(string path, string what, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var announced = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new FileLock(stream);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!announced)
                {
                    announced = true;
                    log($"Waiting for another process that holds the lock on {what} ({path})...");
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new PythonRuntimeException(ExitCodes.Environment, $"The lock file '{path}' cannot be opened: {ex.Message}", ex);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
