using PythonRuntime.Diagnostics;
using PythonRuntime.Images;

namespace PythonRuntime.Tests.Images;

/// <summary>The engine address (<c>--docker-host</c>): checked, then given to every docker CLI call as <c>DOCKER_HOST</c>.</summary>
[TestFixture]
public sealed class DockerHostTests
{
    [TestCase("unix:///run/user/1000/docker.sock")]
    [TestCase("tcp://10.0.0.5:2376")]
    [TestCase("ssh://builder@build-host")]
    public async Task The_address_reaches_the_cli_as_DOCKER_HOST(string address)
    {
        // /bin/sh stands in for the CLI: it prints the variable it was given.
        var cli = new DockerCli("/bin/sh", address);

        var result = await cli.RunAsync(["-c", "printf '%s' \"$DOCKER_HOST\""]);

        Assert.That(result.Text, Is.EqualTo(address));
        Assert.That(cli.EngineAddress, Is.EqualTo(address));
    }

    [Test]
    public async Task Without_an_address_the_cli_keeps_its_own_choice()
    {
        var cli = new DockerCli("/bin/sh");

        var result = await cli.RunAsync(["-c", "printf '%s' \"${DOCKER_HOST-unset}\""]);

        Assert.That(result.Text, Is.EqualTo(Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "unset"));
    }

    [TestCase("http://localhost:2375")]
    [TestCase("/var/run/docker.sock")]
    [TestCase("unix://")]
    [TestCase("unix:///tmp/a.sock\n--debug")]
    [TestCase("tcp://host:2375 extra")]
    public void An_address_that_is_not_a_docker_host_is_a_usage_error_that_quotes_it(string address)
    {
        var error = Assert.Throws<PythonRuntimeException>(() => _ = new DockerCli(host: address));

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(error.Message, Does.Contain("--docker-host").And.Contain("unix:///path/to/docker.sock").And.Contain(address.Split('\n')[0]));
    }
}
