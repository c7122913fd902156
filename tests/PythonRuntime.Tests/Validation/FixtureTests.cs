using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;
using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Validation;

/// <summary>
/// Loads every fixture repository with the real loader. Valid fixtures must load; invalid ones must fail
/// with exactly the diagnostics their fixture.txt lists (file, line, field and a message fragment), all
/// collected in one pass, with the invalid-definition exit code.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class FixtureTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        FixtureCase.All().Select(c => new TestCaseData(c).SetName($"Fixture_{(c.Valid ? "valid" : "invalid")}_{c.Name}"));

    [TestCaseSource(nameof(Cases))]
    public async Task Loader_reports_exactly_the_expected_errors(object fixture)
    {
        var c = (FixtureCase)fixture;
        using var repo = new TempFolder();
        c.Materialize(repo);

        var error = await CatchAsync(() => new DefinitionLoader().LoadAsync(new LoadOptions(repo.Path)));

        if (c.Valid)
        {
            Assert.That(error, Is.Null, () => $"{c.Why}\nUnexpected problems:\n{error!.Message}");
            return;
        }

        Assert.That(error, Is.Not.Null, $"{c.Why}: the loader accepted the fixture.");
        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition));
        var unmatched = error.Diagnostics.ToList();
        var missing = new List<ExpectedError>();
        foreach (var expected in c.Errors)
        {
            var found = unmatched.FirstOrDefault(expected.Matches);
            if (found is null)
            {
                missing.Add(expected);
            }
            else
            {
                unmatched.Remove(found);
            }
        }

        Assert.That(missing.Count + unmatched.Count, Is.Zero, () =>
            $"{c.Why}\nExpected but not reported:\n  {string.Join("\n  ", missing)}\nReported but not expected:\n  {string.Join("\n  ", unmatched)}");
    }

    [Test]
    public void Every_invalid_fixture_expects_at_least_one_error_and_says_why()
    {
        foreach (var c in FixtureCase.All())
        {
            Assert.That(c.Why, Is.Not.Empty, $"{c} has no '# why' line.");
            Assert.That(c.Errors.Count > 0, Is.EqualTo(!c.Valid), $"{c}: valid fixtures expect no error, invalid ones at least one.");
        }
    }

    private static async Task<PythonRuntimeException?> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (PythonRuntimeException ex)
        {
            return ex;
        }
    }
}
