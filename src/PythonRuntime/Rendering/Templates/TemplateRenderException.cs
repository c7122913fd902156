namespace PythonRuntime.Rendering.Templates;

/// <summary>A template failed while rendering; carries the template and the 1-based position.</summary>
internal sealed class TemplateRenderException(ParsedTemplate template, int line, int column, string detail)
    : Exception($"{template.DisplayPath}({line},{column}): error: {detail}")
{
    public ParsedTemplate Template => template;

    public int Line => line;

    public int Column => column;

    public string Detail => detail;
}
