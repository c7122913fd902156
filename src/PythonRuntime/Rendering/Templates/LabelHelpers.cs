using PythonRuntime.Rendering.Quoting;
using Scriban.Runtime;

namespace PythonRuntime.Rendering.Templates;

/// <summary>
/// Labels and annotations: <c>label_key</c> checks a qualified key, <c>label_value</c> a label value; both
/// return a double-quoted YAML scalar. Annotation values are free text and go through <c>yaml</c>.
/// </summary>
internal sealed class LabelHelpers : ITemplateHelper
{
    /// <inheritdoc/>
    public void Register(ScriptObject scriptObject)
    {
        ArgumentNullException.ThrowIfNull(scriptObject);
        scriptObject.Import("label_key", new Func<object?, string>(value => NameHelpers.Checked(value, "label_key", KubernetesNames.CheckQualifiedName)));
        scriptObject.Import("label_value", new Func<object?, string>(value => NameHelpers.Checked(value, "label_value", KubernetesNames.CheckLabelValue)));
    }
}
