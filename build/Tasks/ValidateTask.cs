using Cake.Core.Diagnostics;
using PythonRuntime.Specs;
using PythonRuntime.Build.Hosting;

namespace PythonRuntime.Build.Tasks;

/// <summary>Loads project.yaml and the function definitions and reports every problem at once.</summary>
[TaskName("Validate")]
[TaskDescription("Validates project.yaml and functions/*/function.yaml (--function=NAME to pick, --functions-dir=DIR to move).")]
public sealed class ValidateTask : AsyncFrostingTask<BuildContext>, ISupportsDryRun
{
    public override async Task RunAsync(BuildContext context)
    {
        var definitions = await context.LoadDefinitionsAsync().ConfigureAwait(false);
        foreach (var function in definitions.Functions)
        {
            context.Log.Information("{0}: valid ({1}, {2})", function.Spec.Name, function.File ?? "<sdk>", function.Spec.PythonVersion.ToName());
        }

        context.Log.Information("Project '{0}': {1} function(s) valid.", definitions.Project.Name, definitions.Functions.Count);
    }
}
