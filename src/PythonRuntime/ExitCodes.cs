namespace PythonRuntime;

/// <summary>The process exit codes of the toolkit, stable for scripts and CI.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug); the message says where.</summary>
    public const int Failure = 1;

    /// <summary>Wrong command-line usage: an unknown function, option or value.</summary>
    public const int Usage = 2;

    /// <summary>A definition or project file is invalid; every problem is listed.</summary>
    public const int InvalidDefinition = 3;

    /// <summary>A run ended in the ERROR state (the handler raised or could not be set up).</summary>
    public const int RunFailed = 4;

    /// <summary>An external tool or service (python, docker, registry, cluster) failed or is missing.</summary>
    public const int Environment = 5;

    /// <summary>Tests ran and at least one failed (the Test target).</summary>
    public const int TestsFailed = 6;

    /// <summary>The operation was cancelled (Ctrl+C or SIGTERM).</summary>
    public const int Cancelled = 130;
}
