namespace PythonRuntime.Specs;

/// <summary>A request and a limit for one resource, as Kubernetes quantity strings (either may be absent).</summary>
public sealed record ResourceRange(string? Requests, string? Limits)
{
    /// <summary>Gets a range with neither a request nor a limit.</summary>
    public static ResourceRange None { get; } = new(null, null);

    /// <summary>Gets a value indicating whether neither a request nor a limit is set.</summary>
    public bool IsEmpty => Requests is null && Limits is null;

    /// <summary>Returns this range with each missing side taken from <paramref name="fallback"/>.</summary>
    public ResourceRange Over(ResourceRange fallback) => new(Requests ?? fallback.Requests, Limits ?? fallback.Limits);
}
