namespace PythonRuntime.Store;

/// <content>Per-run log files: <c>logs/&lt;run id&gt;.log</c>, append-only.</content>
public sealed partial class RunStore
{
    /// <summary>Gets the path of a run's log file (it may not exist yet).</summary>
    public string LogPath(string runId)
    {
        StoreArguments.RunId(runId);
        return _layout.LogPath(runId);
    }

    /// <summary>
    /// Opens a run's log for appending (created if missing). Readers may read it meanwhile; every write lands at the
    /// end, so an executor that restarts never overwrites what was logged before.
    /// </summary>
    public FileStream OpenLogForAppend(string runId)
    {
        var path = LogPath(runId);
        Directory.CreateDirectory(_layout.LogsDirectory);
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous);
    }

    /// <summary>Reads at most the last <paramref name="maxBytes"/> bytes of a run's log as text; empty when there is no log.</summary>
    public Task<string> ReadLogTailAsync(string runId, int maxBytes, CancellationToken cancellationToken = default)
    {
        var path = LogPath(runId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        return LogTail.ReadAsync(path, maxBytes, cancellationToken);
    }
}
