using System.Globalization;

namespace PythonRuntime.Rendering.Templates;

/// <summary>Turns a template argument into text for a helper, refusing a missing value instead of printing nothing.</summary>
internal static class TemplateValues
{
    public static string Text(object? value, string helper) => value switch
    {
        null => throw new RenderValueException($"{helper} was given no value (null); check the variable name or guard it with 'if'."),
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
