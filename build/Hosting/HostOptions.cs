using Cake.Core;
using Cake.Core.Diagnostics;

namespace PythonRuntime.Build.Hosting;

/// <summary>
/// The command line, parsed the way the Cake runner reads it: <c>--name=value</c>, <c>--name value</c> (when the next
/// word does not start with '-') or a bare <c>--flag</c>; a first bare word is the target; names are case-insensitive
/// and may repeat. The host's own options are taken out; every
/// argument (host options too) stays visible to tasks through <see cref="Arguments"/>.
/// </summary>
public sealed record HostOptions
{
    public IReadOnlyList<string> Targets { get; init; } = ["Default"];

    public Verbosity Verbosity { get; init; } = Verbosity.Normal;

    public bool DryRun { get; init; }

    public bool Exclusive { get; init; }

    public bool Tree { get; init; }

    public bool Description { get; init; }

    public bool Help { get; init; }

    public string? WorkingDirectory { get; init; }

    public required CakeArguments Arguments { get; init; }

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="ArgumentException">An argument is not of the form <c>--name[=value]</c>, or a host option has a bad value.</exception>
    public static HostOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg.TrimStart('-').Length == 0)
            {
                // A leading bare word is the target, as with the Cake runner; anywhere else it is a mistake.
                if (i != 0)
                {
                    throw new ArgumentException($"The argument '{arg}' is not an option; write options as --name=value.");
                }

                pairs.Add(new("target", arg));
                continue;
            }

            var body = arg.TrimStart('-');
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                pairs.Add(new(body[..equals].ToLowerInvariant(), Unquote(body[(equals + 1)..])));
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith('-'))
            {
                pairs.Add(new(body.ToLowerInvariant(), args[++i]));
            }
            else
            {
                pairs.Add(new(body.ToLowerInvariant(), "true"));
            }
        }

        var lookup = pairs.ToLookup(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        var targets = lookup["target"].Concat(lookup["t"]).Where(t => t.Length > 0).ToArray();
        return new HostOptions
        {
            Targets = targets.Length == 0 ? ["Default"] : targets,
            Verbosity = ParseVerbosity(lookup["verbosity"].Concat(lookup["v"]).LastOrDefault()),
            DryRun = Flag(lookup, "dryrun") || Flag(lookup, "noop") || Flag(lookup, "whatif"),
            Exclusive = Flag(lookup, "exclusive") || Flag(lookup, "e"),
            Tree = Flag(lookup, "tree"),
            Description = Flag(lookup, "description") || Flag(lookup, "showdescription"),
            Help = Flag(lookup, "help") || Flag(lookup, "h"),
            WorkingDirectory = lookup["working"].Concat(lookup["w"]).LastOrDefault(),
            Arguments = new CakeArguments(lookup),
        };
    }

    private static bool Flag(ILookup<string, string> lookup, string name) =>
        lookup[name].Any(value => !value.Equals("false", StringComparison.OrdinalIgnoreCase));

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static Verbosity ParseVerbosity(string? value)
    {
        if (value is null)
        {
            return Verbosity.Normal;
        }

        return value.ToLowerInvariant() switch
        {
            "q" or "quiet" => Verbosity.Quiet,
            "m" or "minimal" => Verbosity.Minimal,
            "n" or "normal" => Verbosity.Normal,
            "v" or "verbose" => Verbosity.Verbose,
            "d" or "diagnostic" => Verbosity.Diagnostic,
            _ => throw new ArgumentException($"The verbosity '{value}' is not valid; use quiet, minimal, normal, verbose or diagnostic."),
        };
    }
}
