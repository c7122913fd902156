using System.Text.Json;
using System.Text.RegularExpressions;
using PythonRuntime.Rendering.Model;

namespace PythonRuntime.Rendering.Verification;

/// <summary>
/// Reads a rendered Dockerfile back the way the builder does (continuations joined, comments dropped) and
/// checks what matters for safety: no parser directive, one FROM with the expected base image, exactly the
/// expected RUN lines in order, exactly the expected COPY steps, no ADD or ONBUILD, one numeric USER after
/// every RUN step, and the runner entry point in exec form.
/// </summary>
internal static class DockerfileVerifier
{
    private static readonly Regex Directive = new(@"\A#\s*(syntax|escape|check)\s*=", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    public static void Verify(ManifestCheck check, string text, DockerfileModel model)
    {
        var lines = text.Split('\n');
        if (lines.Length > 0 && Directive.IsMatch(lines[0]))
        {
            check.Fail(1, "starts with a parser directive; a directive can change how every later line is read");
        }

        var instructions = Instructions(lines);
        var keywords = instructions.Select(i => i.Keyword).ToList();
        if (keywords.Count == 0 || keywords[0] != "FROM" || keywords.Count(k => k == "FROM") != 1)
        {
            check.Mismatch("FROM", "must start with exactly one FROM");
        }
        else
        {
            check.Equal("FROM", "base image", instructions[0].Arguments, model.BaseImage);
        }

        foreach (var forbidden in new[] { "ADD", "ONBUILD" })
        {
            if (keywords.Contains(forbidden))
            {
                check.Mismatch(forbidden, $"uses {forbidden}, which the image layout does not allow");
            }
        }

        // The builder trims an instruction's arguments, so leading and trailing blanks do not count.
        var expectedRuns = model.Instructions.Select(instruction => instruction.Trim()).ToList();
        var runs = instructions.Where(i => i.Keyword == "RUN").Select(i => i.Arguments).ToList();
        var userRuns = runs.Take(expectedRuns.Count).ToList();
        if (runs.Count != expectedRuns.Count + (model.HasRequirements ? 1 : 0) || !userRuns.SequenceEqual(expectedRuns, StringComparer.Ordinal))
        {
            check.Mismatch("RUN", $"has {runs.Count} RUN instructions; expected the {expectedRuns.Count} build instructions verbatim, in order{(model.HasRequirements ? ", then the requirements install" : string.Empty)}");
        }

        var copies = instructions.Where(i => i.Keyword == "COPY").Select(i => Normalize(i.Arguments)).ToList();
        var expectedCopies = new List<string>();
        if (model.HasRequirements)
        {
            expectedCopies.Add(Normalize($"[\"{ImageLayout.ContextRequirements}\", \"{ImageLayout.AppDirectory}/{ImageLayout.ContextRequirements}\"]"));
        }

        expectedCopies.Add(Normalize($"[\"{ImageLayout.ContextRunner}\", \"{ImageLayout.RunnerPath}\"]"));
        if (model.CodeInContext)
        {
            expectedCopies.Add(Normalize($"[\"{ImageLayout.ContextCodeDirectory}/\", \"{ImageLayout.CodeDirectory}/\"]"));
        }

        check.SameList("COPY", "COPY steps", copies, expectedCopies);

        var users = instructions.Select((instruction, index) => (instruction, index)).Where(p => p.instruction.Keyword == "USER").ToList();
        // COPY may follow USER: copied files stay owned by root, so the non-root user can read but not change them.
        var lastBuildStep = keywords.FindLastIndex(k => k is "RUN");
        if (users.Count != 1 || users[0].instruction.Arguments != $"{ImageLayout.UserId}:{ImageLayout.GroupId}" || users[0].index < lastBuildStep)
        {
            check.Mismatch("USER", $"must set USER {ImageLayout.UserId}:{ImageLayout.GroupId} exactly once, after every RUN");
        }

        var entrypoints = instructions.Where(i => i.Keyword == "ENTRYPOINT").Select(i => Normalize(i.Arguments)).ToList();
        check.SameList("ENTRYPOINT", "ENTRYPOINT", entrypoints, [Normalize(JsonSerializer.Serialize(ImageLayout.Entrypoint))]);
    }

    private static List<(string Keyword, string Arguments)> Instructions(string[] lines)
    {
        var result = new List<(string, string)>();
        var current = new System.Text.StringBuilder();
        var continuing = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('#') || (!continuing && trimmed.Length == 0))
            {
                continue;
            }

            var body = line.TrimEnd(' ', '\t');
            continuing = body.EndsWith('\\');
            current.Append(continuing ? body[..^1] : body).Append(continuing ? " " : string.Empty);
            if (!continuing)
            {
                var full = current.ToString().Trim();
                current.Clear();
                var space = full.IndexOfAny([' ', '\t']);
                result.Add(space < 0 ? (full.ToUpperInvariant(), string.Empty) : (full[..space].ToUpperInvariant(), full[(space + 1)..].Trim()));
            }
        }

        if (current.Length > 0)
        {
            result.Add(("<unterminated>", current.ToString()));
        }

        return result;
    }

    // Exec-form arguments compare as JSON arrays, so spacing inside the brackets does not matter.
    private static string Normalize(string arguments)
    {
        try
        {
            var values = JsonSerializer.Deserialize<string[]>(arguments);
            return values is null ? arguments : string.Join("\u0001", values);
        }
        catch (JsonException)
        {
            return arguments;
        }
    }
}
