namespace PythonRuntime.Execution.Docker;

/// <summary>
/// Host folders a container gets besides the image: the output folder (read back after a job), the file the
/// runner writes its termination message to, and the folder of secret files (one sub-folder per Secret).
/// </summary>
internal sealed record DockerMounts(string? OutputDirectory, string? TerminationFile, string? SecretsDirectory);
