using System.Diagnostics.CodeAnalysis;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Store;

/// <summary>
/// The address of a stored entity: <c>store://&lt;project&gt;/&lt;kind&gt;/&lt;name&gt;:&lt;id&gt;</c>, for example
/// <c>store://demo/artifact/output_0:3f2a...</c>. The grammar is strict (see <see cref="Grammar"/>) so a key read
/// from a spec, a log or a command line either names exactly one entity or is refused with the reason.
/// </summary>
public readonly record struct EntityKey
{
    /// <summary>The scheme every key starts with.</summary>
    public const string Scheme = "store://";

    /// <summary>The key grammar, for error messages.</summary>
    public const string Grammar = "store://<project>/<function|run|artifact>/<name>:<id>";

    public EntityKey(string project, EntityKind kind, string name, string id)
    {
        var problem = Check(project, kind, name, id);
        if (problem is not null)
        {
            throw new ArgumentException($"cannot make an entity key: {problem}.");
        }

        Project = project;
        Kind = kind;
        Name = name;
        Id = id;
    }

    public string Project { get; }

    public EntityKind Kind { get; }

    /// <summary>Gets the function name for function and run keys, the artifact name for artifact keys.</summary>
    public string Name { get; }

    public string Id { get; }

    /// <summary>Reads a key, or says in <paramref name="problem"/> which part is wrong.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EntityKey key, [NotNullWhen(false)] out string? problem)
    {
        key = default;
        problem = Parse(text, out var project, out var kind, out var name, out var id);
        if (problem is not null)
        {
            return false;
        }

        key = new EntityKey(project!, kind, name!, id!);
        return true;
    }

    /// <summary>Reads a key.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EntityKey key) => TryParse(text, out key, out _);

    /// <summary>Reads a key, or throws an error that quotes it and says what is wrong.</summary>
    /// <exception cref="PythonRuntimeException">The text is not a valid key (exit code <see cref="ExitCodes.Usage"/>).</exception>
    public static EntityKey Parse(string? text)
    {
        if (TryParse(text, out var key, out var problem))
        {
            return key;
        }

        throw new PythonRuntimeException(ExitCodes.Usage, $"'{text}' is not a valid entity key: {problem}; expected {Grammar}.");
    }

    /// <summary>Gets the key text, <c>store://project/kind/name:id</c>, or an empty string for <c>default</c>.</summary>
    public override string ToString() =>
        Project is null ? string.Empty : $"{Scheme}{Project}/{KindText(Kind)}/{Name}:{Id}";

    internal static string KindText(EntityKind kind) => kind switch
    {
        EntityKind.Function => "function",
        EntityKind.Run => "run",
        EntityKind.Artifact => "artifact",
        EntityKind.Image => "image",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown entity kind"),
    };

    private static string? Parse(string? text, out string? project, out EntityKind kind, out string? name, out string? id)
    {
        project = name = id = null;
        kind = default;
        if (string.IsNullOrEmpty(text))
        {
            return "it is empty";
        }

        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return $"it must start with '{Scheme}'";
        }

        var parts = text[Scheme.Length..].Split('/');
        if (parts.Length != 3)
        {
            return $"it has {parts.Length} '/'-separated part(s) after '{Scheme}', not 3";
        }

        var colon = parts[2].LastIndexOf(':');
        if (colon < 0)
        {
            return $"the last part '{parts[2]}' has no ':' between the name and the id";
        }

        project = parts[0];
        name = parts[2][..colon];
        id = parts[2][(colon + 1)..];
        if (!TryParseKind(parts[1], out kind))
        {
            return $"the kind '{parts[1]}' is not one of function, run, artifact, image";
        }

        return Check(project, kind, name, id);
    }

    private static string? Check(string? project, EntityKind kind, string? name, string? id)
    {
        if (!EntityNames.IsProject(project))
        {
            return $"the project '{project}' is not valid; use {EntityNames.ProjectRule}";
        }

        if (!Enum.IsDefined(kind))
        {
            return $"the kind '{kind}' is not one of function, run, artifact, image";
        }

        if (!EntityNames.IsName(name))
        {
            return $"the name '{name}' is not valid; use {EntityNames.NameRule}";
        }

        if (!EntityNames.IsId(id))
        {
            return $"the id '{id}' is not valid; use {EntityNames.IdRule}";
        }

        return null;
    }

    private static bool TryParseKind(string text, out EntityKind kind)
    {
        foreach (var candidate in Enum.GetValues<EntityKind>())
        {
            if (string.Equals(KindText(candidate), text, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
