using Cake.Core;
using Cake.Core.Diagnostics;
using PythonRuntime.Execution;

namespace PythonRuntime.Build;

/// <summary>Shows run progress through Cake's log and the function's output on the console, line by line.</summary>
public sealed class CakeRunLog(ICakeLog log, IConsole console) : IRunLog
{
    public void Info(string message) => log.Information(Verbosity.Normal, "{0}", message);

    public void Output(string line, bool isError)
    {
        if (log.Verbosity < Verbosity.Normal)
        {
            return;
        }

        if (isError)
        {
            console.WriteErrorLine("  | {0}", line);
        }
        else
        {
            console.WriteLine("  | {0}", line);
        }
    }
}
