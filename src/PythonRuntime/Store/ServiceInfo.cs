namespace PythonRuntime.Store;

/// <summary>
/// Where a serve run answers: its URL, the health URL (liveness/readiness port), the local process id when
/// the executor started one, and the executor's own handle for it (container id, Deployment name), if any.
/// </summary>
public sealed record ServiceInfo(string Url, string? HealthUrl = null, int? ProcessId = null, string? Handle = null);
