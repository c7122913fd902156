using System.Collections.Specialized;

namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>One request the Kubernetes API test double received.</summary>
internal sealed record RecordedRequest(string Method, string Path, NameValueCollection Query, string? ContentType, string Body, string? Authorization)
{
    public bool IsWatch => string.Equals(Query["watch"], "true", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Path}?{Query}";
}
