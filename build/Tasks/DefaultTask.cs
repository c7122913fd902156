using PythonRuntime.Build.Hosting;

namespace PythonRuntime.Build.Tasks;

/// <summary>The main job: what <c>./build.sh</c> runs without a target.</summary>
[TaskName("Default")]
[TaskDescription("The main job: Validate, Render, then RunAll (every function run locally).")]
[IsDependentOn(typeof(ValidateTask))]
[IsDependentOn(typeof(RenderTask))]
[IsDependentOn(typeof(RunAllTask))]
public sealed class DefaultTask : FrostingTask<BuildContext>
{
}
