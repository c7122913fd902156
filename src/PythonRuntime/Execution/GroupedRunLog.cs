namespace PythonRuntime.Execution;

/// <summary>
/// Holds one run's messages and output while it runs beside others, then writes them to the real log in one
/// block under a header, so parallel builds read as one story each instead of interleaved lines.
/// </summary>
public sealed class GroupedRunLog(IRunLog target, string header) : IRunLog
{
    // One group is written at a time across every grouped log of the process, so blocks never interleave.
    private static readonly Lock Writing = new();

    private readonly List<(string Line, bool IsOutput, bool IsError)> _lines = [];

    /// <inheritdoc/>
    public void Info(string message)
    {
        lock (_lines)
        {
            _lines.Add((message, false, false));
        }
    }

    /// <inheritdoc/>
    public void Output(string line, bool isError)
    {
        lock (_lines)
        {
            _lines.Add((line, true, isError));
        }
    }

    /// <summary>Writes the held lines to the target under the header; only one group is written at a time.</summary>
    public void Flush()
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (Writing)
        {
            target.Info($"----- {header} -----");
            lock (_lines)
            {
                foreach (var (line, isOutput, isError) in _lines)
                {
                    if (isOutput)
                    {
                        target.Output(line, isError);
                    }
                    else
                    {
                        target.Info(line);
                    }
                }

                _lines.Clear();
            }
        }
    }
}
