namespace PythonRuntime.Images;

/// <summary>
/// Reads a failed docker call's output to tell what kind of failure it was. The CLI only reports text, so this
/// matches the phrases the engine and the registry client print; authorisation wins over everything else so a
/// refused login is never retried.
/// </summary>
public static class DockerFailure
{
    private static readonly string[] DaemonPhrases =
    [
        "Cannot connect to the Docker daemon",
        "Is the docker daemon running",
        "error during connect",
        "docker.sock: connect: no such file",
    ];

    private static readonly string[] UnauthorizedPhrases =
    [
        "unauthorized",
        "authentication required",
        "denied: ",
        "access denied",
        "incorrect username or password",
        "no basic auth credentials",
    ];

    private static readonly string[] TransientPhrases =
    [
        "connection refused",
        "connection reset",
        "broken pipe",
        "i/o timeout",
        "tls handshake timeout",
        "context deadline exceeded",
        "unexpected eof",
        ": eof",
        "received unexpected http status: 5",
        "500 internal server error",
        "502 bad gateway",
        "503 service unavailable",
        "504 gateway",
        "toomanyrequests",
        "429 too many requests",
        "server misbehaving",
        "no such host",
        "net/http: request canceled",
        "use of closed network connection",
        "unavailable",
        // The engine retries a layer itself before giving up; a push that got that far met a passing fault.
        "retrying in",
    ];

    /// <summary>Classifies the output of a failed call.</summary>
    public static DockerFailureKind Classify(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (DaemonPhrases.Any(phrase => output.Contains(phrase, StringComparison.OrdinalIgnoreCase)))
        {
            return DockerFailureKind.DaemonUnavailable;
        }

        if (UnauthorizedPhrases.Any(phrase => output.Contains(phrase, StringComparison.OrdinalIgnoreCase)))
        {
            return DockerFailureKind.Unauthorized;
        }

        return TransientPhrases.Any(phrase => output.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            ? DockerFailureKind.Transient
            : DockerFailureKind.Other;
    }
}
