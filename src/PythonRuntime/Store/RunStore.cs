using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PythonRuntime.Store;

/// <summary>
/// The embedded store: projects, function versions, runs (spec, state transitions, results, outputs, errors,
/// service info) and artifacts, kept in one state folder as <c>store.db</c> (SQLite, WAL journal),
/// <c>artifacts/</c> and <c>logs/</c>. Several processes may use the same folder at once: every write is one short
/// transaction, read-modify-write steps take the write lock up front (<c>BEGIN IMMEDIATE</c>), and a write that
/// finds the lock taken waits up to <see cref="StoreOptions.BusyTimeout"/>.
/// The store keeps what callers pass it: callers pass specs whose secrets are names only, never values.
/// </summary>
public sealed partial class RunStore : IAsyncDisposable
{
    /// <summary>The name of the default state folder at the repository root (git-ignored).</summary>
    public const string DefaultFolderName = ".pythonruntime";

    private readonly StoreLayout _layout;
    private readonly StoreOptions _options;
    private readonly string _connectionString;
    private int _disposed;

    private RunStore(StoreLayout layout, StoreOptions options)
    {
        _layout = layout;
        _options = options;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = layout.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = options.Pooling,
            ForeignKeys = true,

            // Microsoft.Data.Sqlite retries a busy statement until this many seconds pass (0 would mean forever).
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };
        _connectionString = builder.ToString();
    }

    /// <summary>Gets the absolute path of the state folder.</summary>
    public string StateDirectory => _layout.Root;

    /// <summary>Gets the absolute path of <c>store.db</c>.</summary>
    public string DatabasePath => _layout.DatabasePath;

    /// <summary>Gets the default state folder for a repository: <c>&lt;root&gt;/.pythonruntime</c>.</summary>
    public static string DefaultStateDirectory(string repositoryRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(repositoryRoot);
        return Path.Combine(Path.GetFullPath(repositoryRoot), DefaultFolderName);
    }

    /// <summary>Opens (creating it if needed) the store in <paramref name="stateDirectory"/> with the default options.</summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">The folder cannot be used, the database is damaged or was written by a newer version.</exception>
    public static Task<RunStore> OpenAsync(string stateDirectory, CancellationToken cancellationToken = default) =>
        OpenAsync(stateDirectory, StoreOptions.Default, cancellationToken);

    /// <summary>Opens (creating it if needed) the store in <paramref name="stateDirectory"/>.</summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">The folder cannot be used, the database is damaged or was written by a newer version.</exception>
    public static async Task<RunStore> OpenAsync(string stateDirectory, StoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BusyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "the busy timeout must be positive.");
        }

        var layout = new StoreLayout(stateDirectory);
        try
        {
            layout.CreateFolders();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw StoreErrors.Environment($"cannot create the state folder '{layout.Root}': {exception.Message}; pass a writable folder.", exception);
        }

        var store = new RunStore(layout, options);
        try
        {
            await store.ExecuteAsync(
                connection =>
                {
                    StoreSchema.RejectNewer(connection, layout.DatabasePath);
                    EnableWal(connection, layout.DatabasePath);
                    StoreSchema.Migrate(connection, layout.DatabasePath);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Leave no pooled connection holding a file the caller may want to move aside.
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return store;
    }

    /// <summary>Releases pooled connections so the files are closed; the store on disk is always complete.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _options.Pooling)
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Runs one unit of database work on its own connection, off the caller's thread (SQLite calls block, and a
    /// busy wait can take seconds), and turns SQLite failures into errors that say what to do.
    /// </summary>
    internal Task<T> ExecuteAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Task.Run(
            () =>
            {
                try
                {
                    using var connection = Open();
                    return work(connection);
                }
                catch (SqliteException exception)
                {
                    throw StoreErrors.From(exception, _layout.DatabasePath, _options.BusyTimeout);
                }
            },
            cancellationToken);
    }

    /// <summary>Runs a read-modify-write step in a <c>BEGIN IMMEDIATE</c> transaction, so no other writer can slip in between.</summary>
    internal Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection =>
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var result = work(transaction);
                transaction.Commit();
                return result;
            },
            cancellationToken);

    /// <summary>Runs several reads in one transaction, so they all see the same snapshot.</summary>
    internal Task<T> ReadAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection =>
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                return work(transaction);
            },
            cancellationToken);

    private DateTimeOffset Now() => _options.TimeProvider.GetUtcNow();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();

            // synchronous=NORMAL with WAL never corrupts the database and loses nothing when a process is killed;
            // only a power cut can drop the last few commits.
            connection.Execute(string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;"));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void EnableWal(SqliteConnection connection, string databasePath)
    {
        // The journal mode is stored in the file, so this only writes the first time; later opens just read it.
        var mode = Convert.ToString(connection.Scalar("PRAGMA journal_mode = WAL;"), CultureInfo.InvariantCulture);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw StoreErrors.Environment(
                $"the store '{databasePath}' cannot use SQLite's WAL journal (the file system gave '{mode}'); put the state folder on a local disk, not a network share.");
        }
    }
}
