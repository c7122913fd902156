namespace PythonRuntime.Rendering.Model;

/// <summary>Service settings (<c>service</c> in service.yaml.sbn).</summary>
internal sealed record ServiceModel(string Type, IReadOnlyList<NamedValue> Selector, string PortName, int Port, string TargetPort);
