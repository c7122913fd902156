namespace PythonRuntime.Specs;

/// <summary>The optional task specs of a function, one per action (the <c>tasks:</c> block of a definition).</summary>
public sealed record FunctionTasks(TaskSpec? Build, TaskSpec? Job, TaskSpec? Serve)
{
    /// <summary>Gets a value with no task specs.</summary>
    public static FunctionTasks None { get; } = new(null, null, null);

    /// <summary>Gets the task spec for <paramref name="action"/>, or null when the definition gives none.</summary>
    public TaskSpec? For(TaskAction action) => action switch
    {
        TaskAction.Build => Build,
        TaskAction.Job => Job,
        TaskAction.Serve => Serve,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
