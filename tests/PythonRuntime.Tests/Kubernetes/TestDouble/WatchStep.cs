namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>What the test double does with the next watch of Jobs, before the scripted outcome happens.</summary>
public enum WatchStep
{
    /// <summary>Marks the Job active (one MODIFIED event), then closes the stream as a dropped connection would.</summary>
    DropAfterProgress,

    /// <summary>Closes the stream at once without any event.</summary>
    DropEmpty,

    /// <summary>Aborts the connection before any response, as a reset would.</summary>
    Reset,

    /// <summary>Sends an ERROR event with a 410 Gone Status (the API server's "too old resource version"), then closes.</summary>
    GoneEvent,

    /// <summary>Answers the watch request itself with HTTP 410 Gone.</summary>
    GoneResponse,
}
