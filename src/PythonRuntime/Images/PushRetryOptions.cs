namespace PythonRuntime.Images;

/// <summary>How often and how long a push is retried after transient failures.</summary>
public sealed record PushRetryOptions
{
    /// <summary>Gets the defaults: 4 attempts, 1 s doubling to at most 8 s (plus up to 25% jitter), all within 10 minutes.</summary>
    public static PushRetryOptions Default { get; } = new();

    public int MaxAttempts { get; init; } = 4;

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Gets the time all attempts together may take.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(10);
}
