using Microsoft.Data.Sqlite;

namespace PythonRuntime.Store;

/// <content>Artifacts: files copied into <c>artifacts/&lt;project&gt;/&lt;name&gt;/&lt;id&gt;/&lt;file&gt;</c> and addressed by key.</content>
public sealed partial class RunStore
{
    private const string ArtifactColumns = "id, project, name, run_id, relative_path, format, sha256, size, created_utc";

    /// <summary>
    /// Copies <paramref name="sourceFilePath"/> into the store as a new artifact and records its sha256 and size.
    /// The copy appears atomically (temporary file, flush to disk, rename), so a crash leaves either no file or the
    /// whole file, never a partial one. <paramref name="runId"/>, when given, must be a run of the same project.
    /// </summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">A value is invalid, the source is not a readable file, or the run is unknown.</exception>
    public async Task<ArtifactRecord> AddArtifactAsync(
        string project,
        string name,
        string? runId,
        string sourceFilePath,
        string format,
        CancellationToken cancellationToken = default)
    {
        StoreArguments.Project(project);
        StoreArguments.Name(name, "artifact");
        StoreArguments.Format(format);
        ArgumentException.ThrowIfNullOrEmpty(sourceFilePath);
        if (runId is not null)
        {
            StoreArguments.RunId(runId);
        }

        var source = Path.GetFullPath(sourceFilePath);
        if (!File.Exists(source))
        {
            var what = Directory.Exists(source) ? "is a folder; an artifact is one file (archive the folder first)" : "does not exist";
            throw StoreErrors.Usage($"cannot add artifact '{name}': '{source}' {what}.");
        }

        if (runId is not null)
        {
            await ExecuteAsync(connection => RequireRunOfProject(connection, runId, project), cancellationToken).ConfigureAwait(false);
        }

        var id = _options.IdGenerator();
        var fileName = Path.GetFileName(source);
        var relativePath = StoreLayout.ArtifactRelativePath(project, name, id, fileName);
        var destination = _layout.Absolute(relativePath);
        var folder = Path.GetDirectoryName(destination)!;
        try
        {
            Directory.CreateDirectory(folder);
            var (sha256, size) = await AtomicFileCopy.CopyAsync(source, destination, cancellationToken).ConfigureAwait(false);
            var now = Now();
            await WriteAsync(
                transaction =>
                {
                    EnsureProject(transaction, project, now);
                    return transaction.Execute(
                        $"INSERT INTO artifacts ({ArtifactColumns}) VALUES (@id, @project, @name, @run, @path, @format, @sha, @size, @now);",
                        ("@id", id),
                        ("@project", project),
                        ("@name", name),
                        ("@run", runId),
                        ("@path", relativePath),
                        ("@format", format),
                        ("@sha", sha256),
                        ("@size", size),
                        ("@now", Timestamps.ToText(now)));
                },
                cancellationToken).ConfigureAwait(false);
            return new ArtifactRecord(id, new EntityKey(project, EntityKind.Artifact, name, id), destination, format, sha256, size, runId, now);
        }
        catch (Exception exception)
        {
            // The id is new, so its folder holds nothing anyone else refers to.
            TryDeleteFolder(folder);
            if (exception is IOException or UnauthorizedAccessException)
            {
                throw StoreErrors.Environment($"cannot copy '{source}' into the store as artifact '{name}' at '{destination}': {exception.Message}; check the disk space and permissions.", exception);
            }

            throw;
        }
    }

    /// <summary>
    /// Finds the artifact an entity key names and checks that its file is still there with the size it was stored
    /// with. Returns the record with the file's local path.
    /// </summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">
    /// The key is malformed or names no artifact (exit code <see cref="ExitCodes.Usage"/>), or the file is missing or
    /// changed (exit code <see cref="ExitCodes.Environment"/>).
    /// </exception>
    public async Task<ArtifactRecord> ResolveAsync(string entityKey, CancellationToken cancellationToken = default)
    {
        var key = EntityKey.Parse(entityKey);
        if (key.Kind != EntityKind.Artifact)
        {
            throw StoreErrors.Usage($"'{entityKey}' names a {EntityKey.KindText(key.Kind)}; only artifact keys (store://<project>/artifact/<name>:<id>) resolve to a file.");
        }

        var record = await ReadAsync(transaction => ReadArtifact(transaction, key), cancellationToken).ConfigureAwait(false)
            ?? throw StoreErrors.Usage($"'{entityKey}' names no artifact in the store; check the key, or list the run's outputs to find it.");
        var file = new FileInfo(record.Path);
        if (!file.Exists)
        {
            throw StoreErrors.Environment($"the file of artifact '{entityKey}' is missing at '{record.Path}'; rerun the run that produced it.");
        }

        if (file.Length != record.Size)
        {
            throw StoreErrors.Environment(
                $"the file of artifact '{entityKey}' at '{record.Path}' was changed: it has {file.Length} bytes, the store recorded {record.Size}; rerun the run that produced it.");
        }

        return record;
    }

    /// <summary>
    /// Finds the newest artifact named <paramref name="name"/> in <paramref name="project"/> and returns its key, or
    /// null when there is none. Backs the <c>:latest</c> form of input keys.
    /// </summary>
    public Task<EntityKey?> LatestArtifactAsync(string project, string name, CancellationToken cancellationToken = default)
    {
        StoreArguments.Project(project);
        StoreArguments.Name(name, "artifact");
        return ReadAsync<EntityKey?>(
            transaction =>
            {
                using var command = transaction.Command(
                    "SELECT id FROM artifacts WHERE project = @project AND name = @name ORDER BY created_utc DESC, rowid DESC LIMIT 1;",
                    ("@project", project),
                    ("@name", name));
                return command.ExecuteScalar() is string id ? new EntityKey(project, EntityKind.Artifact, name, id) : null;
            },
            cancellationToken);
    }

    /// <summary>Re-reads an artifact's file and checks its sha256 against the recorded one (slower than the size check of <see cref="ResolveAsync"/>).</summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">The file is missing or its content changed.</exception>
    public async Task VerifyAsync(ArtifactRecord artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        string actual;
        try
        {
            actual = await AtomicFileCopy.HashAsync(artifact.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw StoreErrors.Environment($"cannot read the file of artifact '{artifact.Key}' at '{artifact.Path}': {exception.Message}; rerun the run that produced it.", exception);
        }

        if (!string.Equals(actual, artifact.Sha256, StringComparison.Ordinal))
        {
            throw StoreErrors.Environment(
                $"the file of artifact '{artifact.Key}' at '{artifact.Path}' was changed: its sha256 is {actual}, the store recorded {artifact.Sha256}; rerun the run that produced it.");
        }
    }

    private static bool RequireRunOfProject(SqliteConnection connection, string runId, string project)
    {
        var owner = connection.Scalar("SELECT project FROM runs WHERE id = @id;", ("@id", runId)) as string
            ?? throw StoreErrors.UnknownRun(runId);
        if (!string.Equals(owner, project, StringComparison.Ordinal))
        {
            throw StoreErrors.Usage($"run '{runId}' belongs to project '{owner}', not '{project}'; store the artifact under the run's project.");
        }

        return true;
    }

    private ArtifactRecord? ReadArtifact(SqliteTransaction transaction, EntityKey key)
    {
        using var command = transaction.Command(
            $"SELECT {ArtifactColumns} FROM artifacts WHERE id = @id AND project = @project AND name = @name;",
            ("@id", key.Id),
            ("@project", key.Project),
            ("@name", key.Name));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new ArtifactRecord(
            key.Id,
            key,
            _layout.Absolute(reader.GetString(4)),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetInt64(7),
            reader.NullableString(3),
            Timestamps.Parse(reader.GetString(8)));
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: an unreferenced id folder is harmless and never resolved.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
