using System.Text;
using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Processes;
using PythonRuntime.Store;

namespace PythonRuntime.Execution.Local;

/// <content>Jobs: run the handler once in a child process and collect its results and outputs.</content>
public sealed partial class LocalExecutor
{
    /// <summary>Runs a job to its end and returns the final run record (COMPLETED, ERROR, or STOPPED when cancelled).</summary>
    public async Task<RunRecord> RunJobAsync(RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.Run.Id;
        LocalRunFiles? files = null;
        try
        {
            files = await StageAsync(context, serve: false, cancellationToken).ConfigureAwait(false);
            var environment = files.Environment;
            var processSpec = new ProcessSpec(environment.PythonExecutable, [environment.RunnerPath, "job", "--spec", files.SpecPath])
            {
                WorkingDirectory = environment.Code.Directory,
                Environment = EnvironmentFor(context, files.SecretsFolder),
            };
            await store.TransitionAsync(runId, RunState.Running, $"python {environment.Interpreter.Version}", cancellationToken).ConfigureAwait(false);

            var tail = new OutputTail(30);
            ProcessOutcome outcome;
            var logStream = store.OpenLogForAppend(runId);
            await using (logStream.ConfigureAwait(false))
            {
                var writer = new StreamWriter(logStream, new UTF8Encoding(false)) { AutoFlush = false };
                var logged = 0L;
                await using (writer.ConfigureAwait(false))
                {
                    outcome = await ChildProcessRunner.RunAsync(
                        processSpec,
                        (line, isError) =>
                        {
                            tail.Add(line);
                            lock (writer)
                            {
                                if (logged > options.MaxLogBytes)
                                {
                                    return;
                                }

                                logged += Encoding.UTF8.GetByteCount(line) + 1;
                                if (logged > options.MaxLogBytes)
                                {
                                    var note = $"pythonruntime: the output passed the {options.MaxLogBytes} byte log limit; the rest is neither logged nor shown (the run goes on).";
                                    writer.WriteLine(note);
                                    log.Output(note, true);
                                    return;
                                }

                                writer.WriteLine(line);
                                log.Output(line, isError);
                            }
                        },
                        context.Request.Timeout,
                        cancellationToken).ConfigureAwait(false);
                }
            }

            return await FinishJobAsync(context, outcome, files.OutputDirectory, tail).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await store.CompleteAsync(runId, RunState.Stopped, Empty.Results, Empty.Outputs, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PythonRuntimeException or IOException or UnauthorizedAccessException)
        {
            // The run ends in ERROR with the reason instead of staying half-way with a stack trace on screen.
            var error = RunErrors.From(ex, "environment");
            return await store.CompleteAsync(runId, RunState.Error, Empty.Results, Empty.Outputs, error, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            LocalSecrets.DeleteFiles(files?.SecretsFolder);
        }
    }

    private async Task<RunRecord> FinishJobAsync(RunContext context, ProcessOutcome outcome, string outputDirectory, OutputTail tail)
    {
        var runId = context.Run.Id;
        var none = CancellationToken.None;
        if (outcome.Cancelled)
        {
            return await store.CompleteAsync(runId, RunState.Stopped, Empty.Results, Empty.Outputs, null, none).ConfigureAwait(false);
        }

        if (outcome.TimedOut)
        {
            var message = $"the job ran longer than {context.Request.Timeout!.Value.TotalSeconds:0.#} s and was stopped";
            return await store.CompleteAsync(runId, RunState.Error, Empty.Results, Empty.Outputs, new RunError("Timeout", message, "timeout"), none).ConfigureAwait(false);
        }

        return await JobCompletion.FromStatusAsync(store, context, outcome.ExitCode, outputDirectory, tail.ToString()).ConfigureAwait(false);
    }

    private static class Empty
    {
        public static readonly IReadOnlyDictionary<string, JsonElement> Results = new Dictionary<string, JsonElement>();
        public static readonly IReadOnlyDictionary<string, string> Outputs = new Dictionary<string, string>();
    }
}
