namespace PythonRuntime.Rendering.Model;

/// <summary>The requests and limits a container gets for what its task leaves unset.</summary>
internal sealed record ResourceDefaults(string CpuRequest, string MemoryRequest, string MemoryLimit, string DiskRequest, string DiskLimit);
