using System.Net;
using System.Net.Sockets;
using PythonRuntime.Diagnostics;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability;

/// <summary>Local run faults of the environment (reliability bar F28): a busy serve port and no Python on PATH.</summary>
[TestFixture]
[NonParallelizable]
public sealed class LocalRunFaultTests
{
    [Test]
    public async Task A_busy_serve_port_ends_the_run_in_error_naming_the_address_with_no_process_left()
    {
        using var repo = new TempRepository();
        repo.AddFunction("svc", "name: svc\nkind: python\npython_version: PYTHON3_11\ncode: \"def handler(context, event):\\n    return 'hi'\\n\"\nhandler: handler\n");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await ChildProcess.BuildShAsync("--target=Run", "--function=svc", "--action=serve", "--local", $"--port={port}", $"--working={repo.Root}");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.RunFailed), result.ToString());
        Assert.That(result.Output, Does.Contain($"cannot listen on 127.0.0.1:{port}").And.Contain("Address already in use").And.Contain("ERROR (setup)"));
        HostAssert.NoStackTrace(result);
        var runs = await ChildProcess.BuildShAsync("--target=Runs", $"--working={repo.Root}");
        Assert.That(runs.StandardOutput, Does.Contain("ERROR").And.Not.Contain("not finished"), "the failed service left no running owner");
    }

    [Test]
    public async Task No_python_on_path_is_an_environment_error_that_says_what_to_install()
    {
        using var repo = new TempRepository();
        repo.AddValidFunction("hello");
        var bin = Directory.CreateDirectory(Path.Combine(repo.Root, "bin-without-python")).FullName;
        var dotnet = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(dir => Path.Combine(dir, "dotnet")).FirstOrDefault(File.Exists);
        Assert.That(dotnet, Is.Not.Null, "dotnet must be on PATH to start the build host");
        File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), dotnet!);

        var host = Repository.PathOf("build", "bin", "Release", "net10.0", "Build.dll");
        if (!File.Exists(host))
        {
            await ChildProcess.BuildShAsync("--tree");
        }

        var result = await ChildProcess.RunAsync(
            Path.Combine(bin, "dotnet"),
            [host, "--target=Run", "--function=hello", "--local"],
            workingDirectory: repo.Root,
            environment: new Dictionary<string, string> { ["PATH"] = bin });

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.RunFailed), result.ToString());
        Assert.That(result.Output, Does.Contain("ERROR (environment): EnvironmentError: No Python interpreter was found").And.Contain("Install Python 3"));
        HostAssert.NoStackTrace(result);
    }
}
