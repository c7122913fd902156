using PythonRuntime.Images;

namespace PythonRuntime.Tests.Images;

/// <summary>What the docker CLI prints decides whether a push is retried.</summary>
[TestFixture]
public sealed class DockerFailureTests
{
    [TestCase("Get \"http://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused", DockerFailureKind.Transient)]
    [TestCase("received unexpected HTTP status: 500 Internal Server Error", DockerFailureKind.Transient)]
    [TestCase("toomanyrequests: rate limit reached", DockerFailureKind.Transient)]
    [TestCase("ae0a115c5718: Retrying in 3 seconds\nunknown: test double fault", DockerFailureKind.Transient)]
    [TestCase("Put \"http://r/v2/x/blobs/uploads/\": read: connection reset by peer", DockerFailureKind.Transient)]
    [TestCase("unauthorized: authentication required", DockerFailureKind.Unauthorized)]
    [TestCase("no basic auth credentials", DockerFailureKind.Unauthorized)]
    [TestCase("denied: requested access to the resource is denied", DockerFailureKind.Unauthorized)]
    [TestCase("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", DockerFailureKind.DaemonUnavailable)]
    [TestCase("An image does not exist locally with the tag: x", DockerFailureKind.Other)]
    public void A_failure_is_classified_by_what_docker_printed(string output, DockerFailureKind expected) =>
        Assert.That(DockerFailure.Classify(output), Is.EqualTo(expected));

    [Test]
    public void Refused_credentials_win_over_transient_phrases_so_they_are_never_retried() =>
        Assert.That(DockerFailure.Classify("Retrying in 5 seconds\nunauthorized: authentication required"), Is.EqualTo(DockerFailureKind.Unauthorized));
}
