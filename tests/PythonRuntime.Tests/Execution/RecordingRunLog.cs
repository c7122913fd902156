using PythonRuntime.Execution;

namespace PythonRuntime.Tests.Execution;

/// <summary>Keeps what a run showed, for assertions.</summary>
public sealed class RecordingRunLog : IRunLog
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    public void Info(string message)
    {
        lock (_lines)
        {
            _lines.Add(message);
        }
    }

    public void Output(string line, bool isError)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
