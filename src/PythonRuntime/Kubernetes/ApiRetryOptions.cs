namespace PythonRuntime.Kubernetes;

/// <summary>
/// Bounds for retrying Kubernetes API calls: at most <see cref="MaxAttempts"/> tries, all within <see cref="Deadline"/>.
/// 5xx and transport errors wait <see cref="BaseDelay"/> doubled per attempt (capped at <see cref="MaxDelay"/>) with
/// +/- <see cref="JitterFraction"/> jitter; 429 waits at least the server's Retry-After.
/// </summary>
public sealed record ApiRetryOptions
{
    /// <summary>Gets the defaults: 6 tries, 200 ms doubling to at most 5 s, 20 % jitter, 60 s overall.</summary>
    public static ApiRetryOptions Default { get; } = new();

    /// <summary>Gets the most tries of one call, the first included.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Gets the first backoff after a 5xx or transport error.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets the longest backoff (and the longest Retry-After honoured).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the share of a backoff that is randomised either way (0.2 = 80 % to 120 %).</summary>
    public double JitterFraction { get; init; } = 0.2;

    /// <summary>Gets the time all tries of one call must fit in, waits included.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the source of jitter, a number in [0, 1); tests pass a constant.</summary>
    public Func<double> NextRandom { get; init; } = Random.Shared.NextDouble;
}
