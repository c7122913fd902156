using System.Text;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>Keeps a pod's log tail in the run's log file and shows it, as a local run's output would be.</summary>
internal static class KubernetesRunLog
{
    public static async Task KeepAsync(RunStore store, IRunLog log, string runId, string logTail)
    {
        if (logTail.Length == 0)
        {
            return;
        }

        var stream = store.OpenLogForAppend(runId);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(logTail)).ConfigureAwait(false);
        }

        foreach (var line in logTail.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            log.Output(line, isError: false);
        }
    }
}
