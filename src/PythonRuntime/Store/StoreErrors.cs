using Microsoft.Data.Sqlite;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Store;

/// <summary>Builds the store's errors so every message quotes the value and says what to do.</summary>
internal static class StoreErrors
{
    // SQLite primary result codes (sqlite3.h).
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>A value the caller passed (or a user typed) is wrong.</summary>
    public static PythonRuntimeException Usage(string message) => new(ExitCodes.Usage, message);

    /// <summary>The code driving the store asked for something the run's state does not allow.</summary>
    public static PythonRuntimeException Invalid(string message) => new(ExitCodes.Failure, message);

    /// <summary>The store's files are missing, damaged or unusable.</summary>
    public static PythonRuntimeException Environment(string message, Exception? inner = null) => new(ExitCodes.Environment, message, inner);

    public static PythonRuntimeException UnknownRun(string runId) =>
        Usage($"run '{runId}' is not in the store; list the runs to find its id.");

    public static PythonRuntimeException From(SqliteException exception, string databasePath, TimeSpan busyTimeout)
    {
        var detail = $"(SQLite error {exception.SqliteErrorCode}: {exception.Message})";
        var message = exception.SqliteErrorCode switch
        {
            Busy or Locked => $"the store '{databasePath}' stayed locked by another process for more than {busyTimeout.TotalSeconds:0.#} s {detail}; retry, and look for a stuck pythonruntime process if it keeps happening.",
            Corrupt or NotADatabase => $"the store '{databasePath}' is damaged or not a store database {detail}; move it aside (keep it for inspection) and run again to start a fresh store.",
            Full => $"the disk holding the store '{databasePath}' is full {detail}; free some space and retry.",
            ReadOnly or CantOpen => $"the store '{databasePath}' cannot be opened for writing {detail}; check that its folder exists and is writable, or pass another state folder.",
            IoError => $"reading or writing the store '{databasePath}' failed {detail}; check the disk and the folder's permissions.",
            _ => $"the store '{databasePath}' failed {detail}.",
        };
        return Environment(message, exception);
    }
}
