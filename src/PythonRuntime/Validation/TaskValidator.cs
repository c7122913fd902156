using System.Text.RegularExpressions;
using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>
/// Checks one task spec: a function's <c>tasks.&lt;action&gt;</c> (<paramref name="action"/> set), or the
/// project's <c>defaults</c> and <c>profiles</c> (action null), which are shared by every action: there
/// serve-only and build-only values are allowed and apply only to those actions, while <c>action</c> and
/// <c>profile</c> are refused because layering would silently ignore them.
/// </summary>
public static partial class TaskValidator
{
    private static readonly HashSet<string> DockerfileKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    };

    /// <summary>Checks <paramref name="task"/> at <paramref name="field"/>; <paramref name="project"/> resolves profile names (null: none known).</summary>
    public static void Validate(TaskSpec task, TaskAction? action, string field, ProjectSpec? project, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(scope);
        Action(task, action, field, scope);
        Profile(task, action, field, project, scope);
        ServeOnly(task, action, field, scope);
        if (task.Instructions is { } instructions)
        {
            if (action is TaskAction.Job or TaskAction.Serve)
            {
                scope.Error(FieldPath.Key(field, "instructions"), "only applies to the build task; move it to tasks.build.");
            }

            Instructions(instructions, FieldPath.Key(field, "instructions"), scope);
        }

        if (task.NodeSelector is { } selector)
        {
            NodeSelector(selector, FieldPath.Key(field, "node_selector"), scope);
        }

        if (task.Volumes is { } volumes)
        {
            VolumeRules.Check(volumes, FieldPath.Key(field, "volumes"), scope);
        }

        if (task.Resources is { } resources)
        {
            ResourceRules.Check(resources, FieldPath.Key(field, "resources"), scope);
        }

        if (task.Affinity is { } affinity)
        {
            AffinityRules.Check(affinity, FieldPath.Key(field, "affinity"), scope);
        }

        if (task.Tolerations is { } tolerations)
        {
            TolerationRules.Check(tolerations, FieldPath.Key(field, "tolerations"), scope);
        }

        if (task.Envs is { } envs)
        {
            EnvRules.CheckEnvs(envs, FieldPath.Key(field, "envs"), scope);
        }

        if (task.Secrets is { } secrets)
        {
            EnvRules.CheckSecrets(secrets, FieldPath.Key(field, "secrets"), scope);
        }
    }

    /// <summary>Gets what is wrong with one build instruction, or null.</summary>
    public static string? InstructionProblem(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Text.SingleLineProblem(line) is { } control)
        {
            return control;
        }

        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return "is empty; give a shell command such as 'apt-get install -y git'";
        }

        if (line.Length > Limits.MaxLineLength)
        {
            return $"is longer than {Limits.MaxLineLength} characters";
        }

        if (trimmed.EndsWith('\\'))
        {
            return "ends with a backslash, which would join it with the next Dockerfile line; one instruction is one line";
        }

        if (trimmed.Contains("<<", StringComparison.Ordinal))
        {
            return "contains '<<' (a heredoc), which would swallow the following Dockerfile lines; write the content with printf instead";
        }

        var first = FirstWord().Match(trimmed).Value;
        return DockerfileKeywords.Contains(first) && first.ToUpperInvariant() == first
            ? $"starts with the Dockerfile keyword '{first}'; give only the shell command, each instruction becomes its own RUN"
            : null;
    }

    private static void Action(TaskSpec task, TaskAction? action, string field, ValidationScope scope)
    {
        if (task.Action is not { } given)
        {
            return;
        }

        if (action is null)
        {
            scope.Error(FieldPath.Key(field, "action"), "is not allowed in project defaults or profiles; the action comes from the run.");
        }
        else if (given != action)
        {
            scope.Error(FieldPath.Key(field, "action"), $"'{Spellings.Of(given)}' does not match its key '{Spellings.Of(action.Value)}'; drop action or set it to '{Spellings.Of(action.Value)}'.");
        }
    }

    private static void Profile(TaskSpec task, TaskAction? action, string field, ProjectSpec? project, ValidationScope scope)
    {
        if (task.Profile is not { } profile)
        {
            return;
        }

        var path = FieldPath.Key(field, "profile");
        if (action is null)
        {
            scope.Error(path, "is not allowed in project defaults or profiles; profiles do not nest.");
        }
        else if (project is null)
        {
            scope.Error(path, $"'{Text.Clip(profile)}' cannot be resolved: profiles are declared in project.yaml, and this function has no project file; create it with project.NewFunction.");
        }
        else if (project.Name.Length > 0 && !project.Profiles.ContainsKey(profile))
        {
            var known = project.Profiles.Count == 0 ? "project.yaml declares none" : $"use one of: {string.Join(", ", project.Profiles.Keys)}";
            var suggestion = Suggestions.Closest(profile, project.Profiles.Keys);
            var hint = suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?";
            scope.Error(path, $"'{Text.Clip(profile)}' is not a profile in project.yaml;{hint} {known}.");
        }
    }

    private static void ServeOnly(TaskSpec task, TaskAction? action, string field, ValidationScope scope)
    {
        var notServe = action is TaskAction.Job or TaskAction.Build;
        if (task.Replicas is { } replicas)
        {
            var path = FieldPath.Key(field, "replicas");
            if (notServe)
            {
                scope.Error(path, "only applies to the serve task; move it to tasks.serve.");
            }
            else if (replicas is < 1 or > Limits.MaxReplicas)
            {
                scope.Error(path, $"'{replicas}' is out of range; use 1 to {Limits.MaxReplicas} replicas.");
            }
        }

        if (task.ServiceType is not null && notServe)
        {
            scope.Error(FieldPath.Key(field, "service_type"), "only applies to the serve task; move it to tasks.serve.");
        }
    }

    private static void Instructions(IReadOnlyList<string> instructions, string field, ValidationScope scope)
    {
        for (var i = 0; i < instructions.Count; i++)
        {
            if (InstructionProblem(instructions[i]) is { } problem)
            {
                scope.Error(FieldPath.Index(field, i), $"'{Text.Clip(instructions[i])}' {problem}.");
            }
        }
    }

    private static void NodeSelector(IReadOnlyList<NodeSelectorEntry> entries, string field, ValidationScope scope)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var asMap = FieldPath.Key(field, entry.Key);
            if (KubernetesNames.QualifiedName(entry.Key) is { } keyProblem)
            {
                scope.Error(scope.Pick(FieldPath.Key(FieldPath.Index(field, i), "key"), asMap), $"'{Text.Clip(entry.Key)}' {keyProblem}.");
            }

            if (KubernetesNames.LabelValue(entry.Value) is { } valueProblem)
            {
                scope.Error(scope.Pick(FieldPath.Key(FieldPath.Index(field, i), "value"), asMap), $"'{Text.Clip(entry.Value)}' {valueProblem}.");
            }
        }

        Rules.Unique(entries, e => e.Key, i => FieldPath.Key(FieldPath.Index(field, i), "key"), "node label", scope);
    }

    [GeneratedRegex(@"\A[A-Za-z]+(?=[ \t]|\z)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex FirstWord();
}
