namespace PythonRuntime.Images;

/// <summary>Why a docker CLI call failed, as far as its output tells; decides whether a retry can help.</summary>
public enum DockerFailureKind
{
    /// <summary>Nothing recognisable: not retried.</summary>
    Other,

    /// <summary>The CLI cannot reach the Docker engine.</summary>
    DaemonUnavailable,

    /// <summary>The registry refused the credentials or the access: retrying cannot help.</summary>
    Unauthorized,

    /// <summary>The registry or the network failed in a way that may pass (refused, reset, 5xx, 429, timeout).</summary>
    Transient,
}
