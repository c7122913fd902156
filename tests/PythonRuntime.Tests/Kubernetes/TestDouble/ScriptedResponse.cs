namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>A canned error the test double returns to the next <see cref="Times"/> requests that match.</summary>
internal sealed class ScriptedResponse(Func<RecordedRequest, bool> match, int status, string reason, string? retryAfter, int times)
{
    public int Remaining { get; set; } = times;

    public int Status { get; } = status;

    public string Reason { get; } = reason;

    public string? RetryAfter { get; } = retryAfter;

    public bool Matches(RecordedRequest request) => Remaining > 0 && match(request);
}
