namespace PythonRuntime.Store;

/// <summary>
/// One stored version of a function: <see cref="Id"/> is a uuid4 (32 hex digits) given to each new content,
/// <see cref="ContentHash"/> the sha256 of the canonical spec JSON, and <see cref="IsNew"/> tells whether this
/// call stored it (false when the same content was already there and its id was reused).
/// </summary>
public sealed record FunctionVersion(string Id, EntityKey Key, string ContentHash, bool IsNew);
