namespace PythonRuntime.Rendering.Model;

/// <summary>
/// Where things live in a function image and in its build context. The runner relies on these paths,
/// the Dockerfile template writes them literally, and the verifier checks the rendered Dockerfile against them.
/// </summary>
internal static class ImageLayout
{
    public const long UserId = 10001;

    public const long GroupId = 10001;

    public const string AppDirectory = "/opt/pythonruntime";

    public const string RunnerPath = "/opt/pythonruntime/pythonruntime_runner.py";

    public const string CodeDirectory = "/opt/pythonruntime/code";

    public const string VirtualEnvironment = "/opt/venv";

    public const string TmpDirectory = "/tmp";

    public const string OutputDirectory = "/tmp/pythonruntime/outputs";

    public const string SecretsDirectory = "/var/run/secrets/pythonruntime";

    public const string TerminationLog = "/dev/termination-log";

    public const string ContextRunner = "pythonruntime_runner.py";

    public const string ContextRequirements = "requirements.txt";

    public const string ContextCodeDirectory = "code";

    public const int HttpPort = 8080;

    public const int HealthPort = 8081;

    public static IReadOnlyList<string> Entrypoint { get; } = ["python3", RunnerPath];
}
