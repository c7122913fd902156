namespace PythonRuntime.Tests.Images;

/// <summary>What the engine socket proxy looks like to the docker CLI.</summary>
public enum EngineState
{
    /// <summary>Listening and forwarding every connection to the real engine.</summary>
    Up,

    /// <summary>The socket file is there but nothing listens: connections are refused (a stopped engine that left its socket).</summary>
    Refusing,

    /// <summary>No socket file: the engine was never started or removed its socket when it stopped.</summary>
    Missing,
}
