namespace PythonRuntime.Store;

/// <summary>One function of a release: the commit, the function and the image reference (by digest) it maps to.</summary>
public sealed record ReleaseEntry(string Project, string CommitId, string FunctionName, string ImageId, string Reference, DateTimeOffset CreatedUtc);
