namespace PythonRuntime.Specs;

/// <summary>What a run does with a function: run it once, serve it over HTTP, or build its image.</summary>
public enum TaskAction
{
    Job,
    Serve,
    Build,
}
