using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PythonRuntime.Store;

/// <summary>
/// The database schema and its forward-only migrations. <c>PRAGMA user_version</c> holds the version; every
/// migration runs inside one <c>BEGIN IMMEDIATE</c> transaction that re-reads the version first, so two processes
/// opening a fresh store at the same moment apply it exactly once and the loser simply finds it done.
/// </summary>
internal static class StoreSchema
{
    /// <summary>Migrations in order; entry i brings the schema from version i to version i + 1. Never edit one that shipped.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE projects (
            name TEXT PRIMARY KEY,
            created_utc TEXT NOT NULL
        ) STRICT;

        CREATE TABLE functions (
            id TEXT PRIMARY KEY,
            project TEXT NOT NULL REFERENCES projects (name),
            name TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            spec_json TEXT NOT NULL,
            created_utc TEXT NOT NULL,
            UNIQUE (project, name, content_hash)
        ) STRICT;

        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            project TEXT NOT NULL REFERENCES projects (name),
            function_name TEXT NOT NULL,
            function_id TEXT NOT NULL REFERENCES functions (id),
            action TEXT NOT NULL CHECK (action IN ('job', 'serve', 'build')),
            executor TEXT NOT NULL CHECK (executor IN ('local', 'docker', 'kubernetes')),
            state TEXT NOT NULL CHECK (state IN ('CREATED', 'BUILT', 'READY', 'RUNNING', 'COMPLETED', 'ERROR', 'STOPPED')),
            spec_json TEXT NOT NULL,
            owner_pid INTEGER NOT NULL,
            owner_started_utc TEXT NOT NULL,
            owner_host TEXT NOT NULL,
            error_type TEXT,
            error_message TEXT,
            error_category TEXT,
            service_json TEXT,
            created_utc TEXT NOT NULL,
            updated_utc TEXT NOT NULL
        ) STRICT;

        CREATE INDEX runs_by_created ON runs (created_utc);
        CREATE INDEX runs_by_project_created ON runs (project, created_utc);
        CREATE INDEX runs_by_state ON runs (state);

        CREATE TABLE run_transitions (
            run_id TEXT NOT NULL REFERENCES runs (id),
            seq INTEGER NOT NULL,
            state TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            message TEXT,
            PRIMARY KEY (run_id, seq)
        ) STRICT;

        CREATE TABLE run_results (
            run_id TEXT NOT NULL REFERENCES runs (id),
            name TEXT NOT NULL,
            value_json TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        ) STRICT;

        CREATE TABLE run_outputs (
            run_id TEXT NOT NULL REFERENCES runs (id),
            name TEXT NOT NULL,
            entity_key TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        ) STRICT;

        CREATE TABLE artifacts (
            id TEXT PRIMARY KEY,
            project TEXT NOT NULL REFERENCES projects (name),
            name TEXT NOT NULL,
            run_id TEXT REFERENCES runs (id),
            relative_path TEXT NOT NULL,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            created_utc TEXT NOT NULL
        ) STRICT;

        CREATE INDEX artifacts_by_run ON artifacts (run_id);
        """,
        """
        CREATE TABLE images (
            id TEXT PRIMARY KEY,
            project TEXT NOT NULL REFERENCES projects (name),
            function_name TEXT NOT NULL,
            repository TEXT NOT NULL,
            content_tag TEXT NOT NULL,
            commit_tag TEXT,
            image_id TEXT NOT NULL,
            digest TEXT,
            inputs_json TEXT NOT NULL,
            run_id TEXT REFERENCES runs (id),
            created_utc TEXT NOT NULL,
            pushed_utc TEXT
        ) STRICT;

        CREATE INDEX images_by_function ON images (project, function_name, created_utc);
        CREATE INDEX images_by_content ON images (repository, content_tag);

        CREATE TABLE releases (
            project TEXT NOT NULL REFERENCES projects (name),
            commit_id TEXT NOT NULL,
            function_name TEXT NOT NULL,
            image_id TEXT NOT NULL REFERENCES images (id),
            reference TEXT NOT NULL,
            created_utc TEXT NOT NULL,
            PRIMARY KEY (project, commit_id, function_name)
        ) STRICT;
        """,
    ];

    /// <summary>Gets the schema version this build writes and understands.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Throws when the store was written by a newer schema; this build must not touch it.</summary>
    public static void RejectNewer(SqliteConnection connection, string databasePath)
    {
        var version = UserVersion(connection, null);
        if (version > CurrentVersion)
        {
            throw Newer(version, databasePath);
        }
    }

    /// <summary>Brings the schema up to <see cref="CurrentVersion"/>; a no-op when it already is.</summary>
    public static void Migrate(SqliteConnection connection, string databasePath)
    {
        if (UserVersion(connection, null) == CurrentVersion)
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var version = UserVersion(connection, transaction);
        if (version > CurrentVersion)
        {
            throw Newer(version, databasePath);
        }

        for (var step = version; step < CurrentVersion; step++)
        {
            transaction.Execute(Migrations[step]);
        }

        // user_version lives in the database header, so it commits or rolls back with the tables it describes.
        transaction.Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {CurrentVersion};"));
        transaction.Commit();
    }

    private static Diagnostics.PythonRuntimeException Newer(long version, string databasePath) =>
        StoreErrors.Environment(
            $"the store '{databasePath}' has schema version {version}, written by a newer PythonRuntime; this version understands up to {CurrentVersion}. Upgrade PythonRuntime, or pass another state folder.");

    private static long UserVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.Command("PRAGMA user_version;");
        command.Transaction = transaction;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
