using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PythonRuntime.Store;

/// <content>Projects and function versions.</content>
public sealed partial class RunStore
{
    /// <summary>Records a project name; doing it again is harmless.</summary>
    public Task EnsureProjectAsync(string project, CancellationToken cancellationToken = default)
    {
        StoreArguments.Project(project);
        var now = Now();
        return WriteAsync(transaction => EnsureProject(transaction, project, now), cancellationToken);
    }

    /// <summary>
    /// Records a function's spec and returns its version. The version is identified by the sha256 of
    /// <paramref name="canonicalSpecJson"/> exactly as given (the caller canonicalizes it): the same content gets the
    /// id it got the first time, new content gets a new uuid4. The project is recorded too if it is new.
    /// </summary>
    public Task<FunctionVersion> RecordFunctionAsync(string project, string name, string canonicalSpecJson, CancellationToken cancellationToken = default)
    {
        StoreArguments.Project(project);
        StoreArguments.Name(name, "function");
        StoreArguments.Json(canonicalSpecJson, $"spec of function '{name}'");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalSpecJson)));
        var now = Now();
        return WriteAsync(
            transaction =>
            {
                EnsureProject(transaction, project, now);
                var existing = transaction.Scalar(
                    "SELECT id FROM functions WHERE project = @project AND name = @name AND content_hash = @hash;",
                    ("@project", project),
                    ("@name", name),
                    ("@hash", hash));
                if (existing is string id)
                {
                    return new FunctionVersion(id, new EntityKey(project, EntityKind.Function, name, id), hash, IsNew: false);
                }

                id = _options.IdGenerator();
                transaction.Execute(
                    "INSERT INTO functions (id, project, name, content_hash, spec_json, created_utc) VALUES (@id, @project, @name, @hash, @spec, @now);",
                    ("@id", id),
                    ("@project", project),
                    ("@name", name),
                    ("@hash", hash),
                    ("@spec", canonicalSpecJson),
                    ("@now", Timestamps.ToText(now)));
                return new FunctionVersion(id, new EntityKey(project, EntityKind.Function, name, id), hash, IsNew: true);
            },
            cancellationToken);
    }

    /// <summary>Gets the spec JSON stored for a function version.</summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">No such version (exit code <see cref="ExitCodes.Usage"/>).</exception>
    public Task<string> GetFunctionSpecAsync(EntityKey functionKey, CancellationToken cancellationToken = default)
    {
        if (functionKey.Kind != EntityKind.Function || functionKey.Project is null)
        {
            throw StoreErrors.Usage($"'{functionKey}' is not a function key; expected store://<project>/function/<name>:<id>.");
        }

        return ReadAsync(
            transaction => transaction.Scalar(
                "SELECT spec_json FROM functions WHERE id = @id AND project = @project AND name = @name;",
                ("@id", functionKey.Id),
                ("@project", functionKey.Project),
                ("@name", functionKey.Name)) as string
                ?? throw StoreErrors.Usage($"'{functionKey}' names no function version in the store; record the function first."),
            cancellationToken);
    }

    private static bool EnsureProject(SqliteTransaction transaction, string project, DateTimeOffset now) =>
        transaction.Execute(
            "INSERT OR IGNORE INTO projects (name, created_utc) VALUES (@name, @now);",
            ("@name", project),
            ("@now", Timestamps.ToText(now))) == 1;
}
