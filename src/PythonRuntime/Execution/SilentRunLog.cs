namespace PythonRuntime.Execution;

/// <summary>A log that shows nothing (the store still keeps every line).</summary>
public sealed class SilentRunLog : IRunLog
{
    public static SilentRunLog Instance { get; } = new();

    public void Info(string message)
    {
    }

    public void Output(string line, bool isError)
    {
    }
}
