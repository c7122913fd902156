using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution.Http;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// Runs every function of a project locally with its <c>run:</c> defaults, the way the main job does: jobs in
/// the order their inputs need (a job whose input is <c>store://p/artifact/NAME:latest</c> runs after the
/// function that declares the output NAME), then each service is started, invoked once and stopped.
/// </summary>
public sealed class ProjectRunner(RunService service)
{
    /// <summary>Runs the functions of <paramref name="definitions"/>; stops at the first job that fails.</summary>
    public async Task<IReadOnlyList<ProjectRunOutcome>> RunAllAsync(DefinitionSet definitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var outcomes = new List<ProjectRunOutcome>();
        foreach (var function in Order(definitions))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var serve = function.Spec.Tasks.Job is null && function.Spec.Tasks.Serve is not null;
            var request = new RunRequest { Action = serve ? TaskAction.Serve : TaskAction.Job, Executor = RunExecutor.Local };
            var run = await service.RunAsync(function, definitions.Project, request, cancellationToken).ConfigureAwait(false);
            if (!serve)
            {
                outcomes.Add(new ProjectRunOutcome(function.Spec.Name, run, null, null));
                if (run.State != RunState.Completed)
                {
                    // Later functions may consume this one's outputs; running them against older artifacts would mislead.
                    break;
                }

                continue;
            }

            outcomes.Add(await InvokeOnceAsync(function, run, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    private async Task<ProjectRunOutcome> InvokeOnceAsync(FunctionDefinition function, RunRecord run, CancellationToken cancellationToken)
    {
        if (run.State != RunState.Running)
        {
            return new ProjectRunOutcome(function.Spec.Name, run, null, null);
        }

        try
        {
            var response = await service.InvokeAsync(run.Id, new InvokeRequest { Json = JsonDocument.Parse("{}").RootElement }, cancellationToken).ConfigureAwait(false);
            return new ProjectRunOutcome(function.Spec.Name, await service.StopAsync(run.Id, CancellationToken.None).ConfigureAwait(false), response, null);
        }
        catch (PythonRuntimeException ex)
        {
            return new ProjectRunOutcome(function.Spec.Name, await service.StopAsync(run.Id, CancellationToken.None).ConfigureAwait(false), null, ex.Message);
        }
        catch (OperationCanceledException)
        {
            await service.StopAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Orders functions so producers run before the jobs that consume their outputs; ties keep name order.</summary>
    /// <exception cref="PythonRuntimeException">The inputs form a cycle.</exception>
    public static IReadOnlyList<FunctionDefinition> Order(DefinitionSet definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var producers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in definitions.Functions)
        {
            foreach (var output in function.Spec.Outputs ?? [])
            {
                producers.TryAdd(output, function.Spec.Name);
            }
        }

        var byName = definitions.Functions.ToDictionary(f => f.Spec.Name, StringComparer.Ordinal);
        var ordered = new List<FunctionDefinition>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var function in definitions.Functions)
        {
            Visit(function);
        }

        // Services last: they are started, invoked and stopped after the batch work.
        return ordered.Where(f => !IsServe(f)).Concat(ordered.Where(IsServe)).ToArray();

        void Visit(FunctionDefinition function)
        {
            if (state.TryGetValue(function.Spec.Name, out var done))
            {
                if (!done)
                {
                    throw new PythonRuntimeException(ExitCodes.InvalidDefinition, $"The run inputs of '{function.Spec.Name}' form a cycle; a function cannot consume its own output, directly or through others.");
                }

                return;
            }

            state[function.Spec.Name] = false;
            foreach (var key in function.Spec.Run.Inputs.Values)
            {
                if (LatestName(key) is { } name && producers.TryGetValue(name, out var producer) && byName.TryGetValue(producer, out var dependency) && dependency != function)
                {
                    Visit(dependency);
                }
            }

            state[function.Spec.Name] = true;
            ordered.Add(function);
        }
    }

    private static bool IsServe(FunctionDefinition function) => function.Spec.Tasks.Job is null && function.Spec.Tasks.Serve is not null;

    private static string? LatestName(string key)
    {
        const string Latest = ":latest";
        if (!key.EndsWith(Latest, StringComparison.Ordinal))
        {
            return null;
        }

        var slash = key.LastIndexOf('/');
        return slash < 0 ? null : key[(slash + 1)..^Latest.Length];
    }
}
