using PythonRuntime.Build.Hosting;

namespace PythonRuntime.Build.Tasks;

/// <summary>The main job: what <c>./build.sh</c> runs without a target.</summary>
[TaskName("Default")]
[TaskDescription("The main job: validates every definition.")]
[IsDependentOn(typeof(ValidateTask))]
public sealed class DefaultTask : FrostingTask<BuildContext>
{
}
