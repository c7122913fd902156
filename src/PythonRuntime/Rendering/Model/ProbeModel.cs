namespace PythonRuntime.Rendering.Model;

/// <summary>An HTTP GET probe on a named port.</summary>
internal sealed record ProbeModel(string Path, string Port, int InitialDelaySeconds, int PeriodSeconds, int TimeoutSeconds, int FailureThreshold);
