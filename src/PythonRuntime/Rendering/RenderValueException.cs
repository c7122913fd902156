namespace PythonRuntime.Rendering;

/// <summary>
/// A value cannot be written safely into a rendered file. Thrown by the quoting and checking helpers;
/// inside a template Scriban wraps it with the template's file, line and column.
/// </summary>
internal sealed class RenderValueException : Exception
{
    public RenderValueException(string message)
        : base(message)
    {
    }
}
