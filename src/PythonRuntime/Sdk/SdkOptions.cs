using PythonRuntime.Execution;

namespace PythonRuntime.Sdk;

/// <summary>
/// Where SDK runs keep their state and how they report: the state folder (default <c>.pythonruntime</c> under
/// the project root, or under the current folder for functions made with <see cref="Dh.NewFunction"/>),
/// the pip index for local environments, and a log for progress and the function's output.
/// </summary>
public sealed record SdkOptions
{
    public string? StateDirectory { get; init; }

    public string? PipIndexUrl { get; init; }

    public IRunLog Log { get; init; } = SilentRunLog.Instance;
}
