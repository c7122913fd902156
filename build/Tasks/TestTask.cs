using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Test;
using PythonRuntime.Build.Hosting;

namespace PythonRuntime.Build.Tasks;

/// <summary>Runs the whole test suite.</summary>
[TaskName("Test")]
[TaskDescription("Runs the whole NUnit test suite (tests/PythonRuntime.Tests).")]
public sealed class TestTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        // The test project, not the solution: building the solution would rewrite this running host's files.
        context.DotNetTest(System.IO.Path.Combine(context.Root, "tests", "PythonRuntime.Tests", "PythonRuntime.Tests.csproj"), new DotNetTestSettings
        {
            Configuration = "Release",
            Loggers = ["console;verbosity=normal"],
            Filter = context.Value("filter"),
        });
    }
}
