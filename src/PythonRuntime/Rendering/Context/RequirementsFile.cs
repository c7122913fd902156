using System.Text;
using PythonRuntime.Rendering.Quoting;

namespace PythonRuntime.Rendering.Context;

/// <summary>
/// Writes requirements.txt, one requirement per line. pip reads options, continuations and more from this
/// file, so each line is re-checked here even though validation already restricts the grammar.
/// </summary>
internal static class RequirementsFile
{
    /// <summary>Returns the file's bytes (empty when there are no requirements), or null after adding problems.</summary>
    public static byte[]? Write(IReadOnlyList<string> requirements, FunctionProblems problems)
    {
        var builder = new StringBuilder();
        var failed = false;
        for (var i = 0; i < requirements.Count; i++)
        {
            var requirement = requirements[i];
            var problem = TextRules.FindLineBreaker(requirement) is { } breaker ? $"holds {breaker}; one requirement per list entry"
                : requirement.Trim().Length == 0 ? "is empty; remove it"
                : requirement.TrimStart().StartsWith('-') ? "starts with '-', which pip reads as an option (an index URL, another file); options are not allowed here"
                : requirement.TrimEnd().EndsWith('\\') ? "ends with a backslash, which pip reads as a line continuation; remove it"
                : null;
            if (problem is not null)
            {
                problems.Add($"requirements[{i}]", $"The requirement {MessageText.Show(requirement)} {problem}.");
                failed = true;
                continue;
            }

            builder.Append(requirement.Trim()).Append('\n');
        }

        return failed ? null : new UTF8Encoding(false).GetBytes(builder.ToString());
    }
}
