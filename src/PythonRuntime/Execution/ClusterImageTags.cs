using PythonRuntime.Images;

namespace PythonRuntime.Execution;

/// <summary>How an in-cluster build names its image: the repository, its tags, the inputs behind the content tag and every destination Kaniko pushes.</summary>
internal sealed record ClusterImageTags(
    string Repository,
    string ContentTag,
    string? CommitTag,
    ImageInputs Inputs,
    IReadOnlyList<string> Destinations);
