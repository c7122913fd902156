using System.Text.RegularExpressions;
using Scriban;

namespace PythonRuntime.Rendering.Templates;

/// <summary>A parsed template, the text it came from and the path used in messages.</summary>
internal sealed class ParsedTemplate(string name, string displayPath, bool isOverride, string source, Template template)
{
    public string Name => name;

    /// <summary>Gets the path shown in messages: <c>templates/job.yaml.sbn</c> for built-ins, the override file's path otherwise.</summary>
    public string DisplayPath => displayPath;

    public bool IsOverride => isOverride;

    public string Source => source;

    public Template Template => template;

    /// <summary>
    /// Gets the 1-based line that writes the YAML key or Dockerfile instruction <paramref name="key"/>, so a
    /// mismatch found in the rendered output points at the template line that produced it (1 when absent).
    /// </summary>
    public int LineOf(string key)
    {
        var pattern = new Regex(@"\A\s*(-\s*)?" + Regex.Escape(key) + @"(:|\s)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (pattern.IsMatch(lines[i]))
            {
                return i + 1;
            }
        }

        return 1;
    }
}
