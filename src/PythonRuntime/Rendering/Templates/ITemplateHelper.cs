using Scriban.Runtime;

namespace PythonRuntime.Rendering.Templates;

/// <summary>A group of functions that templates can call; each group registers its own names.</summary>
internal interface ITemplateHelper
{
    /// <summary>Adds this group's functions to <paramref name="scriptObject"/>.</summary>
    void Register(ScriptObject scriptObject);
}
