namespace PythonRuntime.Tests.Images;

/// <summary>How the registry fault proxy treats connections.</summary>
public enum RegistryFault
{
    /// <summary>Forward everything to the real registry.</summary>
    None,

    /// <summary>Accept and close at once: the registry is down.</summary>
    Down,

    /// <summary>Answer every request with 500 Internal Server Error.</summary>
    ServerError,

    /// <summary>Answer every request with 429 Too Many Requests.</summary>
    TooManyRequests,

    /// <summary>Answer every request with 401 and a Basic challenge: credentials refused.</summary>
    Unauthorized,

    /// <summary>Accept connections and read requests, but never answer: the registry stalls.</summary>
    Stalls,

    /// <summary>Forward, but cut any connection that has sent more than 32 KiB upstream: the registry dies mid-push.</summary>
    DiesMidPush,
}
