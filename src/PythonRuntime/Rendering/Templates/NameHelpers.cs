using PythonRuntime.Rendering.Quoting;
using Scriban.Runtime;

namespace PythonRuntime.Rendering.Templates;

/// <summary>
/// Kubernetes names: each function checks its rule and returns the name as a double-quoted YAML scalar, so a
/// template cannot emit an object name that the API server would reject or that carries extra YAML:
/// <c>dns_label</c>, <c>service_name</c> (DNS-1035), <c>dns_subdomain</c> and <c>env_name</c>.
/// </summary>
internal sealed class NameHelpers : ITemplateHelper
{
    /// <inheritdoc/>
    public void Register(ScriptObject scriptObject)
    {
        ArgumentNullException.ThrowIfNull(scriptObject);
        TextHelperFunction.Register(scriptObject, "dns_label", value => Checked(value, "dns_label", KubernetesNames.CheckDnsLabel));
        TextHelperFunction.Register(scriptObject, "service_name", value => Checked(value, "service_name", KubernetesNames.CheckDns1035Label));
        TextHelperFunction.Register(scriptObject, "dns_subdomain", value => Checked(value, "dns_subdomain", KubernetesNames.CheckDnsSubdomain));
        TextHelperFunction.Register(scriptObject, "env_name", value => Checked(value, "env_name", KubernetesNames.CheckEnvName));
    }

    internal static string Checked(object? value, string helper, Func<string, string?> rule)
    {
        var text = TemplateValues.Text(value, helper);
        return rule(text) is { } problem
            ? throw new RenderValueException($"The name {MessageText.Show(text)} {problem}.")
            : YamlQuoting.DoubleQuoted(text);
    }
}
