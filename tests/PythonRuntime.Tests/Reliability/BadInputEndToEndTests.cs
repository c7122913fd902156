using System.Diagnostics;
using PythonRuntime.Diagnostics;
using PythonRuntime.Tests.Reliability.BadInputs;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability;

/// <summary>
/// The bad-input corpus through the real build host, as users meet it: every invalid fixture folder and every generated
/// case (syntax, encodings, aliases and bombs, nesting, huge and non-regular files, names, types, injections, escapes,
/// literal secrets, broken project files) must fail with exit code 3, print its located
/// <c>path:line:col: error: field: message</c> line and no other error for its files, print no stack trace, stay
/// within a time bound, and write neither rendered files nor a store. Function-level cases share one repository per
/// host run, because the loader reports every problem of every file in one pass.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BadInputEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static IEnumerable<TestCaseData> ProjectLevelCases() =>
        Corpus().Where(c => c.ProjectLevel).Select(c => new TestCaseData(c).SetName($"Bad_project_input_fails_cleanly_{c.Source}_{c.Name}"));

    [Test]
    public void The_corpus_is_large_and_every_case_expects_an_error()
    {
        var corpus = Corpus().ToList();
        Assert.That(corpus, Has.Count.GreaterThanOrEqualTo(80));
        Assert.That(corpus.Select(c => c.Name), Is.Unique);
        Assert.That(corpus.Where(c => c.Errors.Count == 0).Select(c => c.Name), Is.Empty);
    }

    [TestCase("Validate")]
    [TestCase("Render")]
    [TestCase("Run")]
    [TestCase("Default")]
    public async Task Every_bad_definition_fails_with_its_located_message_and_writes_nothing(string target)
    {
        var cases = Corpus().Where(c => !c.ProjectLevel).ToList();
        using var repo = new TempRepository();
        foreach (var badInput in cases)
        {
            badInput.Materialize(repo.Root);
        }

        var arguments = new List<string> { $"--target={target}", $"--working={repo.Root}" };
        if (target == "Run")
        {
            arguments.Add("--local");
            arguments.AddRange(cases.Select(c => $"--function={Path.GetFileName(Path.TrimEndingDirectorySeparator(c.Files[0]))}"));
        }

        var clock = Stopwatch.StartNew();
        var result = await ChildProcess.RunAsync(Repository.PathOf("build.sh"), arguments, timeout: TimeSpan.FromMinutes(2));

        Assert.That(clock.Elapsed, Is.LessThan(Bound), "a broken repository is rejected quickly");
        HostAssert.FailedCleanly(result, ExitCodes.InvalidDefinition, repo.Root);
        AssertEveryCase(cases, HostErrorLine.Parse(result.Output), result);
    }

    [TestCaseSource(nameof(ProjectLevelCases))]
    public async Task A_bad_project_level_input_fails_cleanly(object badInput)
    {
        var c = (BadInputCase)badInput;
        using var repo = new TempRepository();
        File.Delete(Path.Combine(repo.Root, "project.yaml"));
        c.Materialize(repo.Root);

        var clock = Stopwatch.StartNew();
        var result = await ChildProcess.BuildShAsync("--target=Render", $"--working={repo.Root}");

        Assert.That(clock.Elapsed, Is.LessThan(Bound));
        HostAssert.FailedCleanly(result, ExitCodes.InvalidDefinition, repo.Root);
        AssertEveryCase([c], HostErrorLine.Parse(result.Output), result);
    }

    private static IEnumerable<BadInputCase> Corpus() => FixtureBadInputs.All().Concat(GeneratedBadInputs.All());

    private static void AssertEveryCase(IReadOnlyList<BadInputCase> cases, IReadOnlyList<HostErrorLine> lines, ProcessResult result)
    {
        var problems = new List<string>();
        foreach (var c in cases)
        {
            var mine = lines.Where(line => c.Owns(line.File)).ToList();
            foreach (var expected in c.Errors)
            {
                var found = mine.FirstOrDefault(line => line.Matches(expected));
                if (found is null)
                {
                    problems.Add($"{c}: expected but not printed: {expected}");
                }
                else
                {
                    mine.Remove(found);
                }
            }

            problems.AddRange(mine.Where(line => !c.IsAllowedRepeat(line)).Select(line => $"{c}: printed but not expected: {line}"));
        }

        var unowned = lines.Where(line => !cases.Any(c => c.Owns(line.File))).ToList();
        problems.AddRange(unowned.Select(line => $"an error line no case owns: {line}"));
        Assert.That(problems, Is.Empty, () => $"{problems.Count} problem(s):\n  {string.Join("\n  ", problems)}\n\n{result.Output[..Math.Min(result.Output.Length, 4000)]}");
    }
}
