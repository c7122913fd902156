using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>Everything an executor needs for one run, resolved before it starts.</summary>
public sealed record RunContext(
    FunctionDefinition Function,
    ProjectSpec Project,
    RunRequest Request,
    TaskSpec Task,
    RunRecord Run,
    FunctionVersion Version,
    IReadOnlyDictionary<string, RunnerInput> Inputs);
