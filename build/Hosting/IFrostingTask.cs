using Cake.Core;

namespace PythonRuntime.Build.Hosting;

/// <summary>A task of the build graph, shaped like Cake.Frosting's so a later switch to Frosting is mechanical.</summary>
public interface IFrostingTask
{
    Task RunAsync(ICakeContext context);

    bool ShouldRun(ICakeContext context);

    string SkippedMessage => string.Empty;

    void OnError(Exception exception, ICakeContext context);

    void Finally(ICakeContext context);
}
