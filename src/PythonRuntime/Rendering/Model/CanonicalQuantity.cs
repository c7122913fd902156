namespace PythonRuntime.Rendering.Model;

/// <summary>A Kubernetes quantity in canonical form (<c>0.5</c> becomes <c>500m</c>) with its numeric value.</summary>
internal readonly record struct CanonicalQuantity(string Text, decimal Value);
