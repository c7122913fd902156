using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PythonRuntime.Store;

/// <summary>Reads run rows and their child rows into records, inside the caller's transaction.</summary>
internal static class RunRows
{
    public const string Columns =
        "id, project, function_name, function_id, action, executor, state, spec_json, owner_pid, owner_started_utc, owner_host, " +
        "error_type, error_message, error_category, service_json, created_utc, updated_utc";

    private static readonly JsonSerializerOptions ServiceJson = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the whole record of run <paramref name="runId"/>, or null when there is none.</summary>
    public static RunRecord? Read(SqliteTransaction transaction, string runId)
    {
        using var command = transaction.Command($"SELECT {Columns} FROM runs WHERE id = @id;", ("@id", runId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var project = reader.GetString(1);
        var functionName = reader.GetString(2);
        var state = State(reader.GetString(6));
        var owner = new RunOwner(reader.GetInt32(8), Timestamps.Parse(reader.GetString(9)), reader.GetString(10));
        var errorType = reader.NullableString(11);
        var serviceJson = reader.NullableString(14);
        return new RunRecord
        {
            Id = runId,
            Key = new EntityKey(project, EntityKind.Run, functionName, runId),
            Project = project,
            FunctionName = functionName,
            FunctionId = reader.GetString(3),
            Action = StoreText.ParseAction(reader.GetString(4)),
            Executor = StoreText.ParseExecutor(reader.GetString(5)),
            State = state,
            SpecJson = reader.GetString(7),
            Owner = owner,
            Error = errorType is null ? null : new RunError(errorType, reader.NullableString(12) ?? string.Empty, reader.NullableString(13) ?? string.Empty),
            Service = serviceJson is null ? null : JsonSerializer.Deserialize<ServiceInfo>(serviceJson, ServiceJson),
            CreatedUtc = Timestamps.Parse(reader.GetString(15)),
            UpdatedUtc = Timestamps.Parse(reader.GetString(16)),
            Transitions = Transitions(transaction, runId),
            Results = Results(transaction, runId),
            Outputs = Outputs(transaction, runId),
            IsOrphaned = ProcessLiveness.IsOrphaned(state, owner),
        };
    }

    /// <summary>Reads one line of a listing from a row selected with <see cref="Columns"/>.</summary>
    public static RunSummary Summary(SqliteDataReader reader)
    {
        var id = reader.GetString(0);
        var functionName = reader.GetString(2);
        var state = State(reader.GetString(6));
        var owner = new RunOwner(reader.GetInt32(8), Timestamps.Parse(reader.GetString(9)), reader.GetString(10));
        return new RunSummary(
            id,
            new EntityKey(reader.GetString(1), EntityKind.Run, functionName, id),
            functionName,
            StoreText.ParseAction(reader.GetString(4)),
            StoreText.ParseExecutor(reader.GetString(5)),
            state,
            Timestamps.Parse(reader.GetString(15)),
            Timestamps.Parse(reader.GetString(16)),
            ProcessLiveness.IsOrphaned(state, owner));
    }

    public static string SerializeService(ServiceInfo service) => JsonSerializer.Serialize(service, ServiceJson);

    public static RunState State(string text) =>
        RunStates.TryParse(text, out var state) ? state : throw new InvalidDataException($"unknown run state '{text}' in the store");

    private static List<RunTransition> Transitions(SqliteTransaction transaction, string runId)
    {
        using var command = transaction.Command("SELECT state, at_utc, message FROM run_transitions WHERE run_id = @id ORDER BY seq;", ("@id", runId));
        using var reader = command.ExecuteReader();
        var transitions = new List<RunTransition>();
        while (reader.Read())
        {
            transitions.Add(new RunTransition(State(reader.GetString(0)), Timestamps.Parse(reader.GetString(1)), reader.NullableString(2)));
        }

        return transitions;
    }

    private static Dictionary<string, JsonElement> Results(SqliteTransaction transaction, string runId)
    {
        using var command = transaction.Command("SELECT name, value_json FROM run_results WHERE run_id = @id ORDER BY name;", ("@id", runId));
        using var reader = command.ExecuteReader();
        var results = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        while (reader.Read())
        {
            using var document = JsonDocument.Parse(reader.GetString(1));
            results[reader.GetString(0)] = document.RootElement.Clone();
        }

        return results;
    }

    private static Dictionary<string, string> Outputs(SqliteTransaction transaction, string runId)
    {
        using var command = transaction.Command("SELECT name, entity_key FROM run_outputs WHERE run_id = @id ORDER BY name;", ("@id", runId));
        using var reader = command.ExecuteReader();
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            outputs[reader.GetString(0)] = reader.GetString(1);
        }

        return outputs;
    }
}
