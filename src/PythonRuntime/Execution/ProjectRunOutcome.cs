using PythonRuntime.Execution.Http;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>What the main job did with one function: its run and, for a service, the answer to one invoke.</summary>
public sealed record ProjectRunOutcome(string Function, RunRecord Run, InvokeResponse? Invoke, string? InvokeError);
