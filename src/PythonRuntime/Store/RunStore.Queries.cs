using System.Text;
using Microsoft.Data.Sqlite;

namespace PythonRuntime.Store;

/// <content>Finding, listing and sweeping runs.</content>
public sealed partial class RunStore
{
    /// <summary>The most runs one listing returns.</summary>
    public const int MaxListLimit = 10_000;

    private const int AmbiguityListLength = 5;

    /// <summary>
    /// Gets a run by its full id, a unique prefix of it (at least 4 hex digits), or its run key
    /// (<c>store://project/run/function:id</c>).
    /// </summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">Nothing matches, or the prefix matches several runs (exit code <see cref="ExitCodes.Usage"/>).</exception>
    public Task<RunRecord> GetRunAsync(string idOrUniquePrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrUniquePrefix);
        EntityKey? key = null;
        var prefix = idOrUniquePrefix.Trim();
        if (prefix.StartsWith(EntityKey.Scheme, StringComparison.Ordinal))
        {
            var parsed = EntityKey.Parse(prefix);
            if (parsed.Kind != EntityKind.Run)
            {
                throw StoreErrors.Usage($"'{idOrUniquePrefix}' is a key of kind '{EntityKey.KindText(parsed.Kind)}', not a run key; pass a run id or a store://<project>/run/<function>:<id> key.");
            }

            key = parsed;
            prefix = parsed.Id;
        }
        else if (!EntityNames.IsIdPrefix(prefix))
        {
            throw StoreErrors.Usage(
                $"'{idOrUniquePrefix}' is not a run id; pass the full id ({EntityNames.IdRule}) or its first {EntityNames.MinPrefixLength} or more hex digits.");
        }

        return ReadAsync(
            transaction =>
            {
                var id = FindRunId(transaction, prefix, idOrUniquePrefix);
                var run = RunRows.Read(transaction, id)!;
                if (key is { } expected && expected != run.Key)
                {
                    throw StoreErrors.Usage($"'{idOrUniquePrefix}' names no run in the store (run {id} is '{run.Key}'); list the runs to find the key.");
                }

                return run;
            },
            cancellationToken);
    }

    /// <summary>Lists runs, newest first, optionally of one project only.</summary>
    public Task<IReadOnlyList<RunSummary>> ListRunsAsync(string? project = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        if (project is not null)
        {
            StoreArguments.Project(project);
        }

        if (limit is < 1 or > MaxListLimit)
        {
            throw StoreErrors.Usage($"'{limit}' is not a valid number of runs to list; pass 1 to {MaxListLimit}.");
        }

        return ReadAsync<IReadOnlyList<RunSummary>>(
            transaction =>
            {
                var filter = project is null ? string.Empty : "WHERE project = @project ";
                using var command = transaction.Command(
                    $"SELECT {RunRows.Columns} FROM runs {filter}ORDER BY created_utc DESC, rowid DESC LIMIT @limit;",
                    ("@project", project),
                    ("@limit", limit));
                using var reader = command.ExecuteReader();
                var runs = new List<RunSummary>();
                while (reader.Read())
                {
                    runs.Add(RunRows.Summary(reader));
                }

                return runs;
            },
            cancellationToken);
    }

    /// <summary>
    /// Ends every orphaned run (not final, owner process on this host gone) in ERROR with the message "the process
    /// running it ended without finishing (pid N)" and category <c>orphaned</c>. Returns the ids it ended.
    /// Runs owned by another host are left alone: their processes cannot be checked from here.
    /// </summary>
    public async Task<IReadOnlyList<string>> MarkOrphanedAsync(CancellationToken cancellationToken = default)
    {
        var candidates = await ReadAsync(
            transaction =>
            {
                using var command = transaction.Command(
                    "SELECT id, owner_pid, owner_started_utc, owner_host FROM runs WHERE state IN ('CREATED', 'BUILT', 'READY', 'RUNNING') ORDER BY created_utc;");
                using var reader = command.ExecuteReader();
                var found = new List<(string Id, RunOwner Owner)>();
                while (reader.Read())
                {
                    found.Add((reader.GetString(0), new RunOwner(reader.GetInt32(1), Timestamps.Parse(reader.GetString(2)), reader.GetString(3))));
                }

                return found;
            },
            cancellationToken).ConfigureAwait(false);

        var marked = new List<string>();
        foreach (var (id, owner) in candidates.Where(c => ProcessLiveness.IsThisHost(c.Owner) && !ProcessLiveness.IsAlive(c.Owner)))
        {
            // One short transaction per run, re-checking that nobody finished it or took it over meanwhile.
            var ended = await WriteAsync(transaction => EndOrphan(transaction, id, owner), cancellationToken).ConfigureAwait(false);
            if (ended)
            {
                marked.Add(id);
            }
        }

        return marked;
    }

    private bool EndOrphan(SqliteTransaction transaction, string id, RunOwner owner)
    {
        var message = $"the process running it ended without finishing (pid {owner.ProcessId})";
        var now = Now();
        var changed = transaction.Execute(
            "UPDATE runs SET error_type = 'OrphanedRun', error_message = @message, error_category = 'orphaned' " +
            "WHERE id = @id AND state IN ('CREATED', 'BUILT', 'READY', 'RUNNING') AND owner_pid = @pid AND owner_started_utc = @started AND owner_host = @host;",
            ("@id", id),
            ("@message", message),
            ("@pid", owner.ProcessId),
            ("@started", Timestamps.ToText(owner.ProcessStartUtc)),
            ("@host", owner.HostName));
        if (changed == 0)
        {
            return false;
        }

        AppendTransition(transaction, id, RunState.Error, now, message);
        return true;
    }

    private static string FindRunId(SqliteTransaction transaction, string prefix, string asked)
    {
        // Ids are lower-case hex, and 'g' sorts after every hex digit, so [prefix, prefix + "g") is exactly the
        // ids that start with the prefix, and the primary key index answers it.
        using var command = transaction.Command(
            "SELECT id, function_name, created_utc FROM runs WHERE id >= @low AND id < @high ORDER BY created_utc DESC LIMIT @limit;",
            ("@low", prefix),
            ("@high", prefix + "g"),
            ("@limit", AmbiguityListLength + 1));
        using var reader = command.ExecuteReader();
        var matches = new List<(string Id, string Function, string Created)>();
        while (reader.Read())
        {
            matches.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        if (matches.Count == 1)
        {
            return matches[0].Id;
        }

        if (matches.Count == 0)
        {
            throw StoreErrors.Usage($"no run id starts with '{asked}'; list the runs to find the id.");
        }

        var list = new StringBuilder();
        foreach (var (id, function, created) in matches.Take(AmbiguityListLength))
        {
            list.Append(System.Environment.NewLine).Append("  ").Append(id).Append("  ").Append(function).Append("  ").Append(created);
        }

        var more = matches.Count > AmbiguityListLength ? $"{System.Environment.NewLine}  ..." : string.Empty;
        throw StoreErrors.Usage($"'{asked}' matches more than one run; pass more digits of the id:{list}{more}");
    }
}
