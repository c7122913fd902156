namespace PythonRuntime.Execution;

/// <summary>Where a run's progress messages and the function's own output are shown while it runs.</summary>
public interface IRunLog
{
    /// <summary>A progress message of the toolkit ("Creating a virtual environment...").</summary>
    void Info(string message);

    /// <summary>A line the function printed; <paramref name="isError"/> marks standard error.</summary>
    void Output(string line, bool isError);
}
