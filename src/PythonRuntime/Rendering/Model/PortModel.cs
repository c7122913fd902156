namespace PythonRuntime.Rendering.Model;

/// <summary>A named container port.</summary>
internal sealed record PortModel(string Name, int Port);
