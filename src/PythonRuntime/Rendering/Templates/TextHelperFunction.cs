using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PythonRuntime.Rendering.Templates;

/// <summary>
/// A one-argument template function that returns text. Called directly, not through reflection: helpers run
/// for almost every value of every template, so this keeps rendering cheap. A refused value becomes a template
/// error at the calling expression.
/// </summary>
internal sealed class TextHelperFunction(string name, Func<object?, string> function) : IScriptCustomFunction
{
    public int RequiredParameterCount => 1;

    public int ParameterCount => 1;

    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;

    public Type ReturnType => typeof(string);

    /// <summary>Adds <paramref name="function"/> to <paramref name="scriptObject"/> as <paramref name="name"/>.</summary>
    public static void Register(ScriptObject scriptObject, string name, Func<object?, string> function) =>
        scriptObject.SetValue(name, new TextHelperFunction(name, function), readOnly: true);

    public ScriptParameterInfo GetParameterInfo(int index) => new(typeof(object), "value");

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
    {
        if (arguments.Count != 1)
        {
            throw new ScriptRuntimeException(callerContext?.Span ?? default, $"{name} takes one value, not {arguments.Count}.");
        }

        try
        {
            return function(arguments[0]);
        }
        catch (RenderValueException ex)
        {
            throw new ScriptRuntimeException(callerContext?.Span ?? default, ex.Message, ex);
        }
    }

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        new(Invoke(context, callerContext, arguments, blockStatement));
}
