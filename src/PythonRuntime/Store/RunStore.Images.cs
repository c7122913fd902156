using Microsoft.Data.Sqlite;

namespace PythonRuntime.Store;

/// <content>Images the build action made, and releases (a commit mapped to one image digest per function).</content>
public sealed partial class RunStore
{
    private const string ImageColumns = "id, project, function_name, repository, content_tag, commit_tag, image_id, digest, inputs_json, run_id, created_utc";

    /// <summary>Records an image built (or found unchanged) for <paramref name="function"/> and returns it with its key.</summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">A value is invalid or the run is unknown.</exception>
    public Task<ImageRecord> RecordImageAsync(
        string project,
        string function,
        string repository,
        string contentTag,
        string? commitTag,
        string imageId,
        string inputsJson,
        string? runId,
        CancellationToken cancellationToken = default)
    {
        StoreArguments.Project(project);
        StoreArguments.Name(function, "function");
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(contentTag);
        ArgumentException.ThrowIfNullOrEmpty(imageId);
        ArgumentException.ThrowIfNullOrEmpty(inputsJson);
        if (runId is not null)
        {
            StoreArguments.RunId(runId);
        }

        var id = _options.IdGenerator();
        return WriteAsync(
            transaction =>
            {
                var now = Now();
                EnsureProject(transaction, project, now);
                transaction.Execute(
                    $"INSERT INTO images ({ImageColumns}) VALUES (@id, @project, @function, @repository, @content, @commit, @image, NULL, @inputs, @run, @now);",
                    ("@id", id),
                    ("@project", project),
                    ("@function", function),
                    ("@repository", repository),
                    ("@content", contentTag),
                    ("@commit", commitTag),
                    ("@image", imageId),
                    ("@inputs", inputsJson),
                    ("@run", runId),
                    ("@now", Timestamps.ToText(now)));
                return ReadImage(transaction, id)!;
            },
            cancellationToken);
    }

    /// <summary>Records the registry digest of a pushed image.</summary>
    public Task<ImageRecord> SetImageDigestAsync(string imageRecordId, string digest, CancellationToken cancellationToken = default)
    {
        StoreArguments.RunId(imageRecordId);
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != 71)
        {
            throw StoreErrors.Invalid($"'{digest}' is not an image digest; expected sha256: and 64 hex digits.");
        }

        return WriteAsync(
            transaction =>
            {
                var changed = transaction.Execute(
                    "UPDATE images SET digest = @digest, pushed_utc = @now WHERE id = @id;",
                    ("@id", imageRecordId),
                    ("@digest", digest),
                    ("@now", Timestamps.ToText(Now())));
                if (changed == 0)
                {
                    throw StoreErrors.Usage($"no image with id '{imageRecordId}' is in the store.");
                }

                return ReadImage(transaction, imageRecordId)!;
            },
            cancellationToken);
    }

    /// <summary>Gets the newest image of a function, or null when none was built yet.</summary>
    public Task<ImageRecord?> LatestImageAsync(string project, string function, CancellationToken cancellationToken = default)
    {
        StoreArguments.Project(project);
        StoreArguments.Name(function, "function");
        return ReadAsync(
            transaction =>
            {
                var id = transaction.Scalar(
                    "SELECT id FROM images WHERE project = @project AND function_name = @function ORDER BY created_utc DESC, rowid DESC LIMIT 1;",
                    ("@project", project),
                    ("@function", function)) as string;
                return id is null ? null : ReadImage(transaction, id);
            },
            cancellationToken);
    }

    /// <summary>Gets an image by its entity key (<c>store://project/image/function:id</c>).</summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">The key is not an image key or names no image.</exception>
    public async Task<ImageRecord> GetImageAsync(EntityKey key, CancellationToken cancellationToken = default)
    {
        if (key.Kind != EntityKind.Image)
        {
            throw StoreErrors.Usage($"'{key}' names a {EntityKey.KindText(key.Kind)}, not an image.");
        }

        var image = await ReadAsync(transaction => ReadImage(transaction, key.Id), cancellationToken).ConfigureAwait(false);
        return image is not null && image.Key.Equals(key)
            ? image
            : throw StoreErrors.Usage($"'{key}' names no image in the store.");
    }

    /// <summary>
    /// Records a release: the commit maps to these images. A commit is released once; a second release of the same
    /// commit must map every function to the same image digest, else it is refused (the images of a commit never move).
    /// </summary>
    /// <exception cref="Diagnostics.PythonRuntimeException">The commit was released before with another digest for a function.</exception>
    public Task<IReadOnlyList<ReleaseEntry>> RecordReleaseAsync(string project, string commitId, IReadOnlyList<ImageRecord> images, CancellationToken cancellationToken = default)
    {
        StoreArguments.Project(project);
        ArgumentException.ThrowIfNullOrEmpty(commitId);
        ArgumentNullException.ThrowIfNull(images);
        return WriteAsync<IReadOnlyList<ReleaseEntry>>(
            transaction =>
            {
                var now = Timestamps.ToText(Now());
                foreach (var image in images)
                {
                    if (image.Digest is null)
                    {
                        throw StoreErrors.Invalid($"the image of '{image.Key.Name}' has no digest; push it before recording the release.");
                    }

                    var existing = transaction.Scalar(
                        "SELECT reference FROM releases WHERE project = @project AND commit_id = @commit AND function_name = @function;",
                        ("@project", project),
                        ("@commit", commitId),
                        ("@function", image.Key.Name)) as string;
                    if (existing is null)
                    {
                        transaction.Execute(
                            "INSERT INTO releases (project, commit_id, function_name, image_id, reference, created_utc) VALUES (@project, @commit, @function, @image, @reference, @now);",
                            ("@project", project),
                            ("@commit", commitId),
                            ("@function", image.Key.Name),
                            ("@image", image.Id),
                            ("@reference", image.Reference),
                            ("@now", now));
                    }
                    else if (!string.Equals(existing, image.Reference, StringComparison.Ordinal))
                    {
                        throw StoreErrors.Usage(
                            $"commit {commitId} was released with '{existing}' for '{image.Key.Name}', and this release built '{image.Reference}'. The same commit must map to the same images: check for uncommitted changes, or a base image that moved.");
                    }
                }

                return ReadRelease(transaction, project, commitId);
            },
            cancellationToken);
    }

    /// <summary>Gets the release of a commit (empty when it was never released).</summary>
    public Task<IReadOnlyList<ReleaseEntry>> GetReleaseAsync(string project, string commitId, CancellationToken cancellationToken = default)
    {
        StoreArguments.Project(project);
        return ReadAsync(transaction => ReadRelease(transaction, project, commitId), cancellationToken);
    }

    private static IReadOnlyList<ReleaseEntry> ReadRelease(SqliteTransaction transaction, string project, string commitId)
    {
        using var command = transaction.Command(
            "SELECT function_name, image_id, reference, created_utc FROM releases WHERE project = @project AND commit_id = @commit ORDER BY function_name;",
            ("@project", project),
            ("@commit", commitId));
        using var reader = command.ExecuteReader();
        var entries = new List<ReleaseEntry>();
        while (reader.Read())
        {
            entries.Add(new ReleaseEntry(project, commitId, reader.GetString(0), reader.GetString(1), reader.GetString(2), Timestamps.Parse(reader.GetString(3))));
        }

        return entries;
    }

    private static ImageRecord? ReadImage(SqliteTransaction transaction, string id)
    {
        using var command = transaction.Command($"SELECT {ImageColumns} FROM images WHERE id = @id;", ("@id", id));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var project = reader.GetString(1);
        var function = reader.GetString(2);
        return new ImageRecord(
            id,
            new EntityKey(project, EntityKind.Image, function, id),
            reader.GetString(3),
            reader.GetString(4),
            reader.NullableString(5),
            reader.GetString(6),
            reader.NullableString(7),
            reader.GetString(8),
            reader.NullableString(9),
            Timestamps.Parse(reader.GetString(10)));
    }
}
