using System.Collections.Concurrent;
using PythonRuntime.Diagnostics;
using Scriban;

namespace PythonRuntime.Rendering.Templates;

/// <summary>
/// Finds and parses templates. Built-ins are embedded in the library and parsed once per process; an override
/// file is parsed once per catalog and re-parsed only when its text changes. Every parse error of every
/// template is collected and reported as <c>file(line,col): error: message</c>.
/// </summary>
internal sealed class TemplateCatalog
{
    private const string ResourcePrefix = "PythonRuntime.Templates.";

    private static readonly Lazy<IReadOnlyDictionary<string, ParsedTemplate>> BuiltIns = new(LoadBuiltIns);

    private readonly ConcurrentDictionary<string, ParsedTemplate> _overrides = new(StringComparer.Ordinal);

    /// <summary>Gets the built-in template <paramref name="name"/>.</summary>
    public static ParsedTemplate BuiltIn(string name) => BuiltIns.Value[name];

    /// <summary>Gets the built-in template text (used to document and test overrides).</summary>
    public static string BuiltInText(string name) => BuiltIns.Value[name].Source;

    /// <summary>Loads the templates, taking each file of <paramref name="overrideDirectory"/> that exists over the built-in one.</summary>
    /// <exception cref="PythonRuntimeException">The folder is missing, holds an unknown template, or a template does not parse.</exception>
    public async Task<TemplateSet> LoadAsync(string? overrideDirectory, CancellationToken cancellationToken)
    {
        var chosen = new Dictionary<string, ParsedTemplate>(StringComparer.Ordinal);
        var errors = new List<string>();
        if (overrideDirectory is not null)
        {
            if (!Directory.Exists(overrideDirectory))
            {
                throw new PythonRuntimeException(
                    ExitCodes.InvalidDefinition,
                    $"The template folder '{overrideDirectory}' does not exist; create it with the templates to override, or remove the templates setting.");
            }

            foreach (var unknown in Directory.EnumerateFiles(overrideDirectory, "*.sbn")
                .Select(Path.GetFileName)
                .Where(file => !TemplateNames.All.Contains(file, StringComparer.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                errors.Add($"{Path.Combine(overrideDirectory, unknown!)}(1,1): error: '{unknown}' is not a template PythonRuntime uses; the names are {string.Join(", ", TemplateNames.All)}.");
            }

            foreach (var name in TemplateNames.All)
            {
                var path = Path.Combine(overrideDirectory, name);
                if (File.Exists(path))
                {
                    var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
                    chosen[name] = ParseOverride(name, path, text, errors);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new PythonRuntimeException(
                ExitCodes.InvalidDefinition,
                $"The template overrides have {errors.Count} {(errors.Count == 1 ? "problem" : "problems")}; nothing was written:\n" + string.Join("\n", errors));
        }

        ParsedTemplate Pick(string name) => chosen.TryGetValue(name, out var parsed) ? parsed : BuiltIns.Value[name];
        return new TemplateSet(
            Pick(TemplateNames.Dockerfile),
            Pick(TemplateNames.Job),
            Pick(TemplateNames.Deployment),
            Pick(TemplateNames.Service),
            Pick(TemplateNames.BuildJob));
    }

    /// <summary>Parses <paramref name="text"/>; returns the template and adds one line per error to <paramref name="errors"/>.</summary>
    internal static ParsedTemplate Parse(string name, string displayPath, bool isOverride, string text, List<string> errors)
    {
        // Line endings are normalized so a template saved with CRLF still renders LF-only files.
        var source = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var template = Template.Parse(source, displayPath);
        foreach (var message in template.Messages.Where(m => m.Type == Scriban.Parsing.ParserMessageType.Error))
        {
            errors.Add($"{displayPath}({message.Span.Start.Line + 1},{message.Span.Start.Column + 1}): error: {message.Message}");
        }

        return new ParsedTemplate(name, displayPath, isOverride, source, template);
    }

    private ParsedTemplate ParseOverride(string name, string path, string text, List<string> errors)
    {
        if (_overrides.TryGetValue(path, out var cached) && string.Equals(cached.Source, text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal))
        {
            return cached;
        }

        var before = errors.Count;
        var parsed = Parse(name, path, isOverride: true, text, errors);
        if (errors.Count == before)
        {
            _overrides[path] = parsed;
        }

        return parsed;
    }

    private static IReadOnlyDictionary<string, ParsedTemplate> LoadBuiltIns()
    {
        var assembly = typeof(TemplateCatalog).Assembly;
        var result = new Dictionary<string, ParsedTemplate>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var name in TemplateNames.All)
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new PythonRuntimeException(ExitCodes.Failure, $"The built-in template '{name}' is not embedded in the PythonRuntime library; rebuild it from a complete checkout (templates/{name}).");
            using var reader = new StreamReader(stream);
            result[name] = Parse(name, "templates/" + name, isOverride: false, reader.ReadToEnd(), errors);
        }

        return errors.Count == 0
            ? result
            : throw new PythonRuntimeException(ExitCodes.Failure, "A built-in template does not parse; this is a bug in PythonRuntime:\n" + string.Join("\n", errors));
    }
}
