using System.Collections;
using System.Text;
using PythonRuntime.Rendering.Model;
using PythonRuntime.Rendering.Quoting;
using Scriban.Runtime;

namespace PythonRuntime.Rendering.Templates;

/// <summary>
/// Labels and annotations: <c>label_key</c> checks a qualified key, <c>label_value</c> a label value; both
/// return a double-quoted YAML scalar. <c>label_lines list indent</c> and <c>annotation_lines list indent</c>
/// write a whole map block (one <c>"key": "value"</c> line per entry, checked and quoted the same way);
/// annotation values are free text.
/// </summary>
internal sealed class LabelHelpers : ITemplateHelper
{
    /// <inheritdoc/>
    public void Register(ScriptObject scriptObject)
    {
        ArgumentNullException.ThrowIfNull(scriptObject);
        TextHelperFunction.Register(scriptObject, "label_key", value => NameHelpers.Checked(value, "label_key", KubernetesNames.CheckQualifiedName));
        TextHelperFunction.Register(scriptObject, "label_value", value => NameHelpers.Checked(value, "label_value", KubernetesNames.CheckLabelValue));
        BlockHelperFunction.Register(scriptObject, "label_lines", (values, indent) => Lines(values, indent, "label_lines", label: true));
        BlockHelperFunction.Register(scriptObject, "annotation_lines", (values, indent) => Lines(values, indent, "annotation_lines", label: false));
    }

    private static string Lines(object? values, int indent, string helper, bool label)
    {
        if (values is not IEnumerable entries || values is string)
        {
            throw new RenderValueException($"{helper} needs a list of key/value entries.");
        }

        var builder = new StringBuilder();
        foreach (var entry in entries)
        {
            var (key, value) = entry switch
            {
                NamedValue named => (named.Key, named.Value),
                KeyValuePair<string, string> pair => (pair.Key, pair.Value),
                _ => throw new RenderValueException($"{helper} needs key/value entries, not '{entry?.GetType().Name ?? "null"}'."),
            };
            builder.Append(' ', indent)
                .Append(NameHelpers.Checked(key, helper, KubernetesNames.CheckQualifiedName))
                .Append(": ")
                .Append(label ? NameHelpers.Checked(value, helper, KubernetesNames.CheckLabelValue) : YamlQuoting.DoubleQuoted(value))
                .Append('\n');
        }

        return builder.ToString();
    }
}
