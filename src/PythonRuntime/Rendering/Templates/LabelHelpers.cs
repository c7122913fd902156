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
        TextHelperFunction.Register(scriptObject, "label_key", value => NameHelpers.Checked(value, "label_key", KubernetesNames.CheckQualifiedName));
        TextHelperFunction.Register(scriptObject, "label_value", value => NameHelpers.Checked(value, "label_value", KubernetesNames.CheckLabelValue));
    }
}
