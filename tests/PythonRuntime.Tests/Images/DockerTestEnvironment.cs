namespace PythonRuntime.Tests.Images;

/// <summary>
/// What eng/test-env.sh prepared: the offline base image, the local registry and the wheel index. A test that
/// needs them fails with a message saying what is missing; it is never skipped.
/// </summary>
public sealed record DockerTestEnvironment(string BaseImage, string Registry, string WheelIndex)
{
    private static readonly Lazy<DockerTestEnvironment> Current = new(Read);

    /// <summary>Gets the environment, or fails the test with how to prepare it.</summary>
    public static DockerTestEnvironment Require() => Current.Value;

    private static DockerTestEnvironment Read()
    {
        var folder = Environment.GetEnvironmentVariable("PYTHONRUNTIME_TEST_STATE") ?? "/var/lib/pythonruntime-test";
        var file = Path.Combine(folder, "env");
        if (!File.Exists(file))
        {
            Assert.Fail($"The Docker test environment is missing ({file} not found). Run 'eng/test-env.sh' as root (./build.sh --target=Test does): it installs docker.io, docker-registry and mmdebstrap, starts dockerd and a registry on 127.0.0.1:5000, and makes the base image.");
        }

        var values = File.ReadAllLines(file)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        return new DockerTestEnvironment(values["BASE_IMAGE"], values["REGISTRY"], values["WHEEL_INDEX"]);
    }
}
