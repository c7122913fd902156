using PythonRuntime.Diagnostics;

namespace PythonRuntime.Rendering;

/// <summary>Loads the runner script embedded in the library; every image gets a copy.</summary>
internal static class RunnerScript
{
    public const string ResourceName = "PythonRuntime.Runner.pythonruntime_runner.py";

    /// <summary>Gets the embedded runner.</summary>
    /// <exception cref="PythonRuntimeException">The library was built without the runner file.</exception>
    public static byte[] Load()
    {
        using var stream = typeof(RunnerScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new PythonRuntimeException(
                ExitCodes.Failure,
                "The runner script is not embedded in the PythonRuntime library: 'src/PythonRuntime/Runner/pythonruntime_runner.py' was missing when it was built. Restore the file and build again.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
