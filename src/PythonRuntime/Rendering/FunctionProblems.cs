namespace PythonRuntime.Rendering;

/// <summary>The problems of one function: a view on <see cref="RenderProblems"/> that knows where the function came from.</summary>
internal sealed class FunctionProblems(RenderProblems all, int order, string location)
{
    public int Count { get; private set; }

    public int Order => order;

    public RenderProblems All => all;

    /// <summary>Adds a problem with the value at <paramref name="field"/> (a dotted path such as <c>tasks.job.envs[0].name</c>).</summary>
    public void Add(string field, string message)
    {
        Count++;
        all.Definition(order, location, field, message);
    }

    /// <summary>Adds a problem found in a template.</summary>
    public void Template(string file, int line, int column, string message, bool isBug)
    {
        Count++;
        all.Template(order, file, line, column, message, isBug);
    }
}
