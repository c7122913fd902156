using System.Text.Json.Nodes;

namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>One change in the test double's store, as a watch sends it.</summary>
internal sealed record StoredEvent(long ResourceVersion, string Resource, string Namespace, string Type, JsonObject Object);
