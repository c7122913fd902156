using PythonRuntime.Rendering.Quoting;
using Scriban;
using Scriban.Functions;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PythonRuntime.Rendering.Templates;

/// <summary>
/// Renders parsed templates with strict variables, the helper functions and limits that keep a broken or
/// hostile override template from looping, recursing or producing unbounded output. No template loader is
/// set, so templates cannot include files. User values are only ever data, never template source.
/// </summary>
internal sealed class TemplateEngine
{
    private readonly ScriptObject _builtins;
    private readonly ScriptObject _helpers;

    public TemplateEngine()
        : this([new QuotingHelpers(), new NameHelpers(), new LabelHelpers()])
    {
    }

    public TemplateEngine(IEnumerable<ITemplateHelper> helpers)
    {
        ArgumentNullException.ThrowIfNull(helpers);
        _builtins = new BuiltinFunctions();
        _helpers = new ScriptObject();
        foreach (var helper in helpers)
        {
            helper.Register(_helpers);
        }

        // Shared by every render (and thread): nothing may change them.
        _builtins.IsReadOnly = true;
        _helpers.IsReadOnly = true;
    }

    /// <summary>Renders <paramref name="template"/> with <paramref name="globals"/>.</summary>
    /// <exception cref="TemplateRenderException">The template failed; the message is <c>file(line,col): error: ...</c>.</exception>
    public string Render(ParsedTemplate template, ScriptObject globals)
    {
        var context = new TemplateContext(_builtins)
        {
            StrictVariables = true,
            MemberRenamer = StandardMemberRenamer.Default,
            NewLine = "\n",
            LoopLimit = 10_000,
            RecursiveLimit = 32,
            ObjectRecursionLimit = 32,
            LimitToString = 1_000_000,
        };
        context.PushGlobal(_helpers);
        context.PushGlobal(globals);

        // Assignments made by a template land here, not in the shared or model objects.
        context.PushGlobal(new ScriptObject());
        try
        {
            return template.Template.Render(context);
        }
        catch (ScriptRuntimeException ex)
        {
            var start = ex.Span.Start;
            var message = ex.InnerException is RenderValueException inner ? inner.Message : ex.OriginalMessage;
            throw new TemplateRenderException(template, start.Line + 1, start.Column + 1, message);
        }
    }
}
