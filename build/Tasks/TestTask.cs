using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cake.Common;
using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Test;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Build.Tasks;

/// <summary>Runs the whole test suite: the NUnit tests and the Python runner's own tests, then one closing count.</summary>
[TaskName("Test")]
[TaskDescription("Prepares the test environment (TestEnvironment), then runs the whole test suite: tests/PythonRuntime.Tests (NUnit; --filter=EXPR narrows it) and tests/runner (Python unittest).")]
[IsDependentOn(typeof(TestEnvironmentTask))]
public sealed partial class TestTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var results = System.IO.Path.Combine(context.Root, "TestResults");
        if (System.IO.Directory.Exists(results))
        {
            System.IO.Directory.Delete(results, recursive: true);
        }

        var (dotnetPassed, dotnetFailed, dotnetError) = RunNUnit(context, results);
        var (pythonPassed, pythonFailed) = context.Value("filter") is null ? RunPythonSuite(context) : (0, 0);
        var passed = dotnetPassed + pythonPassed;
        var failed = dotnetFailed + pythonFailed;
        // A plain line, without colour codes, that CI systems can read as the run's closing count.
        Console.Out.WriteLine($"Tests: {passed} passed, {failed} failed");
        if (failed > 0 || dotnetError is not null)
        {
            throw new PythonRuntimeException(ExitCodes.TestsFailed, failed > 0 ? $"{failed} test(s) failed." : dotnetError!);
        }

        if (passed == 0)
        {
            throw new PythonRuntimeException(ExitCodes.TestsFailed, "No test ran; check --filter and the test folders.");
        }
    }

    private static (int Passed, int Failed, string? Error) RunNUnit(BuildContext context, string results)
    {
        // The test project, not the solution: building the solution would rewrite this running host's files.
        var project = System.IO.Path.Combine(context.Root, "tests", "PythonRuntime.Tests", "PythonRuntime.Tests.csproj");
        string? error = null;
        try
        {
            context.DotNetTest(project, new DotNetTestSettings
            {
                Configuration = "Release",
                Loggers = ["console;verbosity=normal", "trx;LogFileName=nunit.trx"],
                ResultsDirectory = results,
                Filter = context.Value("filter"),
            });
        }
        catch (Cake.Core.CakeException ex)
        {
            error = ex.Message;
        }

        var trx = System.IO.Path.Combine(results, "nunit.trx");
        if (!System.IO.File.Exists(trx))
        {
            return (0, 0, error ?? "The NUnit run wrote no results.");
        }

        var counters = XDocument.Load(trx).Descendants().First(e => e.Name.LocalName == "Counters");
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        return (Count("passed"), Count("failed") + Count("error") + Count("timeout") + Count("aborted"), error);
    }

    private static (int Passed, int Failed) RunPythonSuite(BuildContext context)
    {
        var settings = new ProcessSettings
        {
            Arguments = new ProcessArgumentBuilder().Append("-m").Append("unittest").Append("discover").Append("-s").Append("tests/runner"),
            WorkingDirectory = context.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var exit = context.StartProcess("python3", settings, out var stdout, out var stderr);
        var lines = stdout.Concat(stderr).ToArray();
        foreach (var line in lines)
        {
            context.Log.Information(Verbosity.Normal, "{0}", line);
        }

        var ran = lines.Select(l => RanPattern().Match(l)).FirstOrDefault(m => m.Success);
        var total = ran is null ? 0 : int.Parse(ran.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (total == 0)
        {
            // An empty discovery exits 0 on older Pythons; a suite that ran nothing has not passed.
            return (0, 1);
        }

        var failed = lines.Select(l => FailedPattern().Match(l)).Where(m => m.Success)
            .Sum(m => m.Groups.Values.Skip(1).Where(g => g.Success).Sum(g => int.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture)));
        if (exit != 0 && failed == 0)
        {
            failed = Math.Max(1, total);
        }

        return (total - Math.Min(failed, total), failed);
    }

    [GeneratedRegex(@"^Ran (\d+) tests? in ")]
    private static partial Regex RanPattern();

    [GeneratedRegex(@"^FAILED \((?:failures=(\d+))?(?:, )?(?:errors=(\d+))?")]
    private static partial Regex FailedPattern();
}
