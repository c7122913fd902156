using Cake.Core;

namespace PythonRuntime.Build.Hosting;

/// <summary>The base of the build context: Cake's context plus what the host parsed.</summary>
public class FrostingContext(ICakeContext context) : CakeContextAdapter(context)
{
}
