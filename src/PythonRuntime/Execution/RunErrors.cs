using PythonRuntime.Diagnostics;
using PythonRuntime.Store;

namespace PythonRuntime.Execution;

/// <summary>
/// Turns a toolkit-side failure during a run into the run's error. The type is a short word a user can act on
/// (<c>EnvironmentError</c>, <c>IOError</c>, <c>PermissionError</c>, <c>KubernetesError</c>), never a .NET exception
/// type name, so run records and console lines carry no exception dump.
/// </summary>
public static class RunErrors
{
    /// <summary>Gets the run error for <paramref name="exception"/> in <paramref name="category"/>.</summary>
    public static RunError From(Exception exception, string category)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var type = exception switch
        {
            PythonRuntimeException when category == "kubernetes" => "KubernetesError",
            PythonRuntimeException => "EnvironmentError",
            UnauthorizedAccessException => "PermissionError",
            IOException => "IOError",
            _ => "InternalError",
        };
        return new RunError(type, exception.Message, category);
    }
}
