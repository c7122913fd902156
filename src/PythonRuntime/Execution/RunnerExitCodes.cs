namespace PythonRuntime.Execution;

/// <summary>The runner's exit codes; they tell a failing handler from a function that could not be set up.</summary>
public static class RunnerExitCodes
{
    public const int Completed = 0;

    /// <summary>The handler raised.</summary>
    public const int HandlerError = 1;

    /// <summary>The handler or init function could not be found, imported or called with the given parameters.</summary>
    public const int SetupError = 2;

    /// <summary>The runner was started wrongly (a bug in the executor).</summary>
    public const int InvocationError = 3;
}
