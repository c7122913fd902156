using PythonRuntime.Specs;

namespace PythonRuntime.Store;

/// <summary>The lower-case names the store writes for actions and executors (the same words the seed uses).</summary>
internal static class StoreText
{
    public static string Action(TaskAction action) => action switch
    {
        TaskAction.Job => "job",
        TaskAction.Serve => "serve",
        TaskAction.Build => "build",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown action"),
    };

    public static TaskAction ParseAction(string text) => text switch
    {
        "job" => TaskAction.Job,
        "serve" => TaskAction.Serve,
        "build" => TaskAction.Build,
        _ => throw new InvalidDataException($"unknown action '{text}' in the store"),
    };

    public static string Executor(RunExecutor executor) => executor switch
    {
        RunExecutor.Local => "local",
        RunExecutor.Docker => "docker",
        RunExecutor.Kubernetes => "kubernetes",
        _ => throw new ArgumentOutOfRangeException(nameof(executor), executor, "unknown executor"),
    };

    public static RunExecutor ParseExecutor(string text) => text switch
    {
        "local" => RunExecutor.Local,
        "docker" => RunExecutor.Docker,
        "kubernetes" => RunExecutor.Kubernetes,
        _ => throw new InvalidDataException($"unknown executor '{text}' in the store"),
    };
}
