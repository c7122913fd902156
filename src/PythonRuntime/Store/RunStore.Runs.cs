using System.Text.Json;
using Microsoft.Data.Sqlite;
using PythonRuntime.Specs;

namespace PythonRuntime.Store;

/// <content>Creating runs and moving them through their states.</content>
public sealed partial class RunStore
{
    /// <summary>
    /// Creates a run in state CREATED for a recorded function version, owned by <paramref name="owner"/> (by default
    /// the current process, so a later command can tell when the process driving it died).
    /// </summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">A value is invalid or the function version is not in the store.</exception>
    public Task<RunRecord> CreateRunAsync(
        string project,
        string functionName,
        string functionId,
        TaskAction action,
        RunExecutor executor,
        string specJson,
        RunOwner? owner = null,
        CancellationToken cancellationToken = default)
    {
        StoreArguments.Project(project);
        StoreArguments.Name(functionName, "function");
        if (!EntityNames.IsId(functionId))
        {
            throw StoreErrors.Usage($"'{functionId}' is not a function version id; use the id RecordFunctionAsync returned ({EntityNames.IdRule}).");
        }

        var actionText = StoreText.Action(action);
        var executorText = StoreText.Executor(executor);
        StoreArguments.Json(specJson, "run spec");
        owner ??= RunOwner.Current;
        var now = Now();
        var id = _options.IdGenerator();
        return WriteAsync(
            transaction =>
            {
                var known = transaction.Scalar(
                    "SELECT 1 FROM functions WHERE id = @id AND project = @project AND name = @name;",
                    ("@id", functionId),
                    ("@project", project),
                    ("@name", functionName));
                if (known is null)
                {
                    throw StoreErrors.Usage(
                        $"function version '{new EntityKey(project, EntityKind.Function, functionName, functionId)}' is not in the store; record the function with RecordFunctionAsync first and use the id it returns.");
                }

                transaction.Execute(
                    "INSERT INTO runs (id, project, function_name, function_id, action, executor, state, spec_json, owner_pid, owner_started_utc, owner_host, created_utc, updated_utc) " +
                    "VALUES (@id, @project, @function, @functionId, @action, @executor, 'CREATED', @spec, @pid, @started, @host, @now, @now);",
                    ("@id", id),
                    ("@project", project),
                    ("@function", functionName),
                    ("@functionId", functionId),
                    ("@action", actionText),
                    ("@executor", executorText),
                    ("@spec", specJson),
                    ("@pid", owner.ProcessId),
                    ("@started", Timestamps.ToText(owner.ProcessStartUtc)),
                    ("@host", owner.HostName),
                    ("@now", Timestamps.ToText(now)));
                AppendTransition(transaction, id, RunState.Created, now, message: null);
                return RunRows.Read(transaction, id)!;
            },
            cancellationToken);
    }

    /// <summary>
    /// Moves a run to <paramref name="state"/> and appends the step to its transitions. Runs only move forward
    /// (<see cref="RunStates.Diagram"/>), and nothing leaves a final state.
    /// </summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">The run is unknown or the move is not allowed.</exception>
    public Task<RunTransition> TransitionAsync(string runId, RunState state, string? message = null, CancellationToken cancellationToken = default)
    {
        StoreArguments.RunId(runId);
        _ = RunStates.ToText(state);
        message = StoreArguments.Message(message);
        return WriteAsync(
            transaction =>
            {
                var now = Now();
                CheckMove(transaction, runId, state);
                AppendTransition(transaction, runId, state, now, message);
                return new RunTransition(state, now, message);
            },
            cancellationToken);
    }

    /// <summary>
    /// Ends a run in one transaction: its final state, results (JSON values by name), outputs (entity keys by
    /// name; artifact keys must name stored artifacts) and, for ERROR, what went wrong.
    /// </summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">The run is unknown, already final, or a value is invalid.</exception>
    public Task<RunRecord> CompleteAsync(
        string runId,
        RunState finalState,
        IReadOnlyDictionary<string, JsonElement> results,
        IReadOnlyDictionary<string, string> outputs,
        RunError? error,
        CancellationToken cancellationToken = default)
    {
        StoreArguments.RunId(runId);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(outputs);
        if (!RunStates.IsFinal(finalState))
        {
            throw StoreErrors.Invalid($"cannot complete run '{runId}' as {RunStates.ToText(finalState)}: completing ends a run, so pass COMPLETED, ERROR or STOPPED (use TransitionAsync for the states in between).");
        }

        if (finalState == RunState.Completed && error is not null)
        {
            throw StoreErrors.Invalid($"cannot complete run '{runId}' as COMPLETED with an error ('{error.Message}'); pass ERROR as the final state.");
        }

        var resultRows = RunArguments.Results(runId, results);
        var outputKeys = RunArguments.Outputs(runId, outputs);
        var checkedError = error is null ? null : RunArguments.Error(runId, error);
        return WriteAsync(
            transaction =>
            {
                var now = Now();
                CheckMove(transaction, runId, finalState);
                foreach (var (name, json) in resultRows)
                {
                    transaction.Execute("INSERT INTO run_results (run_id, name, value_json) VALUES (@id, @name, @value);", ("@id", runId), ("@name", name), ("@value", json));
                }

                foreach (var (name, key) in outputKeys)
                {
                    RequireArtifact(transaction, key, $"output '{name}' of run '{runId}'");
                    transaction.Execute("INSERT INTO run_outputs (run_id, name, entity_key) VALUES (@id, @name, @key);", ("@id", runId), ("@name", name), ("@key", key.ToString()));
                }

                if (checkedError is not null)
                {
                    transaction.Execute(
                        "UPDATE runs SET error_type = @type, error_message = @message, error_category = @category WHERE id = @id;",
                        ("@id", runId),
                        ("@type", checkedError.Type),
                        ("@message", checkedError.Message),
                        ("@category", checkedError.Category));
                }

                AppendTransition(transaction, runId, finalState, now, checkedError?.Message);
                return RunRows.Read(transaction, runId)!;
            },
            cancellationToken);
    }

    /// <summary>Records where a serve run answers; read it back from <see cref="RunRecord.Service"/>.</summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">The run is unknown, not a serve run, or already final.</exception>
    public Task SetServiceAsync(string runId, ServiceInfo service, CancellationToken cancellationToken = default)
    {
        StoreArguments.RunId(runId);
        ArgumentNullException.ThrowIfNull(service);
        if (!RunArguments.IsHttpUrl(service.Url) || (service.HealthUrl is not null && !RunArguments.IsHttpUrl(service.HealthUrl)))
        {
            throw StoreErrors.Usage($"the service URLs of run '{runId}' ('{service.Url}', '{service.HealthUrl}') must be absolute http(s) URLs, for example http://127.0.0.1:8080/.");
        }

        var json = RunRows.SerializeService(service);
        return WriteAsync(
            transaction =>
            {
                var (state, action) = StateOf(transaction, runId);
                if (action != TaskAction.Serve)
                {
                    throw StoreErrors.Invalid($"run '{runId}' is a {StoreText.Action(action)} run; only serve runs have service info.");
                }

                if (RunStates.IsFinal(state))
                {
                    throw StoreErrors.Invalid($"run '{runId}' is already {RunStates.ToText(state)}; its service info can no longer change.");
                }

                return transaction.Execute("UPDATE runs SET service_json = @json, updated_utc = @now WHERE id = @id;", ("@id", runId), ("@json", json), ("@now", Timestamps.ToText(Now())));
            },
            cancellationToken);
    }

    /// <summary>
    /// Hands a run that is not final to another process (for example a detached server that outlives the command
    /// that started it), so orphan detection watches the right process.
    /// </summary>
    public Task SetOwnerAsync(string runId, RunOwner owner, CancellationToken cancellationToken = default)
    {
        StoreArguments.RunId(runId);
        ArgumentNullException.ThrowIfNull(owner);
        return WriteAsync(
            transaction =>
            {
                var (state, _) = StateOf(transaction, runId);
                if (RunStates.IsFinal(state))
                {
                    throw StoreErrors.Invalid($"run '{runId}' is already {RunStates.ToText(state)}; a finished run has no owner to change.");
                }

                return transaction.Execute(
                    "UPDATE runs SET owner_pid = @pid, owner_started_utc = @started, owner_host = @host, updated_utc = @now WHERE id = @id;",
                    ("@id", runId),
                    ("@pid", owner.ProcessId),
                    ("@started", Timestamps.ToText(owner.ProcessStartUtc)),
                    ("@host", owner.HostName),
                    ("@now", Timestamps.ToText(Now())));
            },
            cancellationToken);
    }

    private static (RunState State, TaskAction Action) StateOf(SqliteTransaction transaction, string runId)
    {
        using var command = transaction.Command("SELECT state, action FROM runs WHERE id = @id;", ("@id", runId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw StoreErrors.UnknownRun(runId);
        }

        return (RunRows.State(reader.GetString(0)), StoreText.ParseAction(reader.GetString(1)));
    }

    private static void CheckMove(SqliteTransaction transaction, string runId, RunState to)
    {
        var (from, action) = StateOf(transaction, runId);
        var why = RunStates.WhyNot(action, from, to);
        if (why is not null)
        {
            throw StoreErrors.Invalid($"run '{runId}' cannot go from {RunStates.ToText(from)} to {RunStates.ToText(to)}: {why}.");
        }
    }

    private static void AppendTransition(SqliteTransaction transaction, string runId, RunState state, DateTimeOffset now, string? message)
    {
        var at = Timestamps.ToText(now);
        transaction.Execute("UPDATE runs SET state = @state, updated_utc = @now WHERE id = @id;", ("@id", runId), ("@state", RunStates.ToText(state)), ("@now", at));
        transaction.Execute(
            "INSERT INTO run_transitions (run_id, seq, state, at_utc, message) " +
            "VALUES (@id, (SELECT COUNT(*) FROM run_transitions WHERE run_id = @id), @state, @now, @message);",
            ("@id", runId),
            ("@state", RunStates.ToText(state)),
            ("@now", at),
            ("@message", message));
    }

    private static void RequireArtifact(SqliteTransaction transaction, EntityKey key, string what)
    {
        var table = key.Kind switch
        {
            EntityKind.Artifact => "artifacts",
            EntityKind.Image => "images",
            _ => null,
        };
        if (table is null)
        {
            return;
        }

        var nameColumn = key.Kind == EntityKind.Image ? "function_name" : "name";
        var found = transaction.Scalar(
            $"SELECT 1 FROM {table} WHERE id = @id AND project = @project AND {nameColumn} = @name;",
            ("@id", key.Id),
            ("@project", key.Project),
            ("@name", key.Name));
        if (found is null)
        {
            throw StoreErrors.Usage($"{what} is '{key}', but no such {EntityKey.KindText(key.Kind)} is in the store; record it (AddArtifactAsync, RecordImageAsync) before completing the run.");
        }
    }
}
