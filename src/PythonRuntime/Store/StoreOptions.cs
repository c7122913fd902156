namespace PythonRuntime.Store;

/// <summary>How a <see cref="RunStore"/> talks to its database. The defaults suit every command of the toolkit.</summary>
public sealed record StoreOptions
{
    /// <summary>Gets the default options.</summary>
    public static StoreOptions Default { get; } = new();

    /// <summary>
    /// Gets how long a write waits for another process's write to finish before it fails with a "store is busy"
    /// error. Writes are short, so 5 s means something is stuck, not slow.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets whether connections are pooled inside this process. Turn it off to give every operation its own
    /// connection and file locks, as a second process would have (the concurrency tests do).
    /// </summary>
    public bool Pooling { get; init; } = true;

    /// <summary>Gets the clock that stamps records (UTC).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets the source of new ids; tests replace it to make ids that share a prefix.</summary>
    internal Func<string> IdGenerator { get; init; } = EntityNames.NewId;
}
