using System.Diagnostics;
using System.Text.Json.Nodes;
using NUnit.Framework;
using PythonRuntime.Rendering;

namespace PythonRuntime.Tests.Rendering;

/// <summary>
/// The container's PYTHONRUNTIME_SPEC and the real runner agree: the runner copied into the build context
/// accepts the rendered spec and runs the handler (paths moved from the image into a temporary folder).
/// </summary>
[TestFixture]
public sealed class RunnerContractTests
{
    private static IEnumerable<TestCaseData> Layouts()
    {
        yield return new TestCaseData("main.py", "main:handler", new Dictionary<string, string> { ["main.py"] = "def handler(name):\n    return f'hello {name}'\n" })
            .SetArgDisplayNames("a code file");
        yield return new TestCaseData("src", "greet.words:handler", new Dictionary<string, string>
        {
            ["src/greet/__init__.py"] = string.Empty,
            ["src/greet/words.py"] = "def handler(name):\n    return f'hello {name}'\n",
        }).SetArgDisplayNames("a code folder with a package");
        yield return new TestCaseData(null, "handler", new Dictionary<string, string>())
            .SetArgDisplayNames("inline code");
    }

    [TestCaseSource(nameof(Layouts))]
    public async Task The_embedded_runner_is_copied_into_the_context_and_runs_the_rendered_job_spec(string? codeSrc, string handler, Dictionary<string, string> files)
    {
        using var fixture = new RenderFixture { Renderer = new ArtifactRenderer() };
        fixture.Add(
            new PythonRuntime.Specs.FunctionSpec
            {
                Name = "hello",
                PythonVersion = PythonRuntime.Specs.PythonVersion.Python3_11,
                CodeSrc = codeSrc,
                Code = codeSrc is null ? "def handler(name):\n    return f'hello {name}'\n" : null,
                Handler = handler,
                Run = new PythonRuntime.Specs.RunSpec { Parameters = new Dictionary<string, System.Text.Json.JsonElement> { ["name"] = RenderFixture.Json("\"renderer\"") } },
            },
            files);
        var result = await fixture.RenderAsync();
        await fixture.Renderer.WriteAsync(result, CancellationToken.None);
        var function = result.Functions.Single();
        var context = Path.Combine(fixture.OutputDirectory, "hello", "context");
        Assert.That(File.ReadAllBytes(Path.Combine(context, "pythonruntime_runner.py")), Is.EqualTo(PythonRuntime.Execution.RunnerScript.Bytes.ToArray()));

        var spec = JsonNode.Parse(function.ReadJob().Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "PYTHONRUNTIME_SPEC").Value)!.AsObject();
        Assert.That(spec["code_dir"]!.GetValue<string>(), Is.EqualTo("/opt/pythonruntime/code"));
        spec["code_dir"] = Path.Combine(context, "code");
        spec["output_dir"] = Path.Combine(fixture.Root, "outputs");
        var terminationLog = Path.Combine(fixture.Root, "termination-log");

        var (exitCode, output) = await RunAsync(Path.Combine(context, "pythonruntime_runner.py"), spec.ToJsonString(), terminationLog);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(File.ReadAllText(terminationLog), Does.Contain("hello renderer"));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string runner, string spec, string terminationLog)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(runner);
        start.ArgumentList.Add("job");
        start.Environment["PYTHONRUNTIME_SPEC"] = spec;
        start.Environment["PYTHONRUNTIME_TERMINATION_LOG"] = terminationLog;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
