using System.Collections;
using PythonRuntime.Rendering.Quoting;
using Scriban.Runtime;

namespace PythonRuntime.Rendering.Templates;

/// <summary>
/// Quoting for each target format. Templates pass every value through one of these:
/// <c>yaml</c> (double-quoted scalar), <c>yaml_flow</c> (lists and maps), <c>docker_string</c> (Dockerfile
/// word), <c>docker_exec</c> (JSON exec form), <c>docker_image</c> (checked image reference),
/// <c>shell_word</c> (one POSIX word) and <c>run_line</c> (a checked build instruction, verbatim).
/// </summary>
internal sealed class QuotingHelpers : ITemplateHelper
{
    /// <inheritdoc/>
    public void Register(ScriptObject scriptObject)
    {
        ArgumentNullException.ThrowIfNull(scriptObject);
        TextHelperFunction.Register(scriptObject, "yaml", value => YamlQuoting.DoubleQuoted(TemplateValues.Text(value, "yaml")));
        TextHelperFunction.Register(scriptObject, "yaml_flow", YamlQuoting.Flow);
        TextHelperFunction.Register(scriptObject, "docker_string", value => DockerfileQuoting.String(TemplateValues.Text(value, "docker_string")));
        TextHelperFunction.Register(scriptObject, "docker_exec", value => DockerfileQuoting.ExecForm(Strings(value)));
        TextHelperFunction.Register(scriptObject, "docker_image", DockerImage);
        TextHelperFunction.Register(scriptObject, "shell_word", value => ShellQuoting.Word(TemplateValues.Text(value, "shell_word")));
        TextHelperFunction.Register(scriptObject, "run_line", value => DockerfileQuoting.RunLine(TemplateValues.Text(value, "run_line")));
    }

    private static string DockerImage(object? value)
    {
        var text = TemplateValues.Text(value, "docker_image");
        return ImageReference.TryParse(text, out var problem) is null
            ? throw new RenderValueException($"The image {MessageText.Show(text)} {problem}.")
            : text;
    }

    private static IEnumerable<string> Strings(object? value) => value switch
    {
        string text => [text],
        IEnumerable items => items.Cast<object?>().Select(item => TemplateValues.Text(item, "docker_exec")).ToArray(),
        _ => throw new RenderValueException("docker_exec needs a list of text values."),
    };
}
