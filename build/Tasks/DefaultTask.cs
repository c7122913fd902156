using PythonRuntime.Build.Hosting;

namespace PythonRuntime.Build.Tasks;

/// <summary>The main job: what <c>./build.sh</c> runs without a target.</summary>
[TaskName("Default")]
[TaskDescription("The main job: validates every definition, then runs every function locally (RunAll).")]
[IsDependentOn(typeof(ValidateTask))]
[IsDependentOn(typeof(RunAllTask))]
public sealed class DefaultTask : FrostingTask<BuildContext>
{
}
