using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PythonRuntime.Rendering.Templates;

/// <summary>
/// A two-argument template function (a value and an indentation) that returns a block of lines, called
/// directly like <see cref="TextHelperFunction"/>. A refused value becomes a template error at the call.
/// </summary>
internal sealed class BlockHelperFunction(string name, Func<object?, int, string> function) : IScriptCustomFunction
{
    public int RequiredParameterCount => 2;

    public int ParameterCount => 2;

    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;

    public Type ReturnType => typeof(string);

    /// <summary>Adds <paramref name="function"/> to <paramref name="scriptObject"/> as <paramref name="name"/>.</summary>
    public static void Register(ScriptObject scriptObject, string name, Func<object?, int, string> function) =>
        scriptObject.SetValue(name, new BlockHelperFunction(name, function), readOnly: true);

    public ScriptParameterInfo GetParameterInfo(int index) => index == 0 ? new(typeof(object), "values") : new(typeof(int), "indent");

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
    {
        if (arguments.Count != 2 || arguments[1] is not int indent || indent is < 0 or > 64)
        {
            throw new ScriptRuntimeException(callerContext?.Span ?? default, $"{name} takes a list and an indentation (0 to 64 spaces).");
        }

        try
        {
            return function(arguments[0], indent);
        }
        catch (RenderValueException ex)
        {
            throw new ScriptRuntimeException(callerContext?.Span ?? default, ex.Message, ex);
        }
    }

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        new(Invoke(context, callerContext, arguments, blockStatement));
}
