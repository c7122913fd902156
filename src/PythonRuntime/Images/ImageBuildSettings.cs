namespace PythonRuntime.Images;

/// <summary>How images are built and pushed: the options of the Build, Push and Release targets.</summary>
public sealed record ImageBuildSettings
{
    /// <summary>Gets a base image that wins over the function's and the project's for this build (<c>--base-image</c>).</summary>
    public string? BaseImage { get; init; }

    /// <summary>Gets the network of the build's RUN steps (<c>--network</c>: host, none, or a network name); docker's default when null.</summary>
    public string? Network { get; init; }

    /// <summary>Gets a value indicating whether to build even when the content tag already exists (<c>--force</c>).</summary>
    public bool Force { get; init; }

    /// <summary>Gets a value indicating whether to push after building (<c>--push</c>).</summary>
    public bool Push { get; init; }

    /// <summary>Gets the registry that wins over the project's (<c>--registry</c>).</summary>
    public string? Registry { get; init; }

    /// <summary>
    /// Gets the revision the images come from when the caller already read it (a build of many functions reads it
    /// once); null reads it per build.
    /// </summary>
    public SourceRevision? Revision { get; init; }

    /// <summary>
    /// Gets the Docker engine to use (<c>--docker-host</c>: <c>unix:///path</c>, <c>tcp://host:port</c> or <c>ssh://user@host</c>),
    /// given to the docker CLI as <c>DOCKER_HOST</c>; null leaves the CLI's own choice (the <c>DOCKER_HOST</c> variable or
    /// its context, else <c>unix:///var/run/docker.sock</c>).
    /// </summary>
    public string? DockerHost { get; init; }

    /// <summary>Gets how pushes are retried.</summary>
    public PushRetryOptions PushRetry { get; init; } = PushRetryOptions.Default;
}
