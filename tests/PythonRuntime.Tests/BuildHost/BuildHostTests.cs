using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.BuildHost;

/// <summary>The Cake host as users run it: ./build.sh with Cake's options, real processes.</summary>
[TestFixture]
[NonParallelizable]
public sealed class BuildHostTests
{
    [Test]
    public async Task Tree_shows_the_task_graph()
    {
        var result = await ChildProcess.BuildShAsync("--tree");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("Default").And.Contain("└─Validate"));
    }

    [Test]
    public async Task Description_lists_every_target_with_its_description()
    {
        var result = await ChildProcess.BuildShAsync("--description");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("Validate").And.Contain("Test").And.Contain("Validates project.yaml"));
    }

    [Test]
    public async Task A_valid_repository_validates_and_prints_the_summary_table()
    {
        using var repo = new TempRepository();
        repo.AddValidFunction("hello");

        var result = await ChildProcess.BuildShAsync("--target=Validate", $"--working={repo.Root}");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("1 function(s) valid").And.Contain("Succeeded").And.Contain("Total:"));
    }

    [Test]
    public async Task A_broken_definition_reports_every_problem_with_its_location_and_exits_3()
    {
        using var repo = new TempRepository();
        repo.AddFunction("hello", "name: hello\nkind: pythn\npython_version: PYTHON3_8\nhandlr: x\n");
        repo.AddFunction("other", "name: other\nkind: python\npython_version: PYTHON3_11\nhandler: h\nbad: &a 1\n");

        var result = await ChildProcess.BuildShAsync("--target=Validate", $"--working={repo.Root}");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Output, Does.Contain("functions/hello/function.yaml:2:7: error: kind: 'pythn' is not supported"));
        Assert.That(result.Output, Does.Contain("functions/hello/function.yaml:3:17: error: python_version: 'PYTHON3_8' is not allowed"));
        Assert.That(result.Output, Does.Contain("functions/hello/function.yaml:4:1: error: handlr: is not a known field. Did you mean 'handler'?"));
        Assert.That(result.Output, Does.Contain("functions/other/function.yaml:5:6: error: defines the anchor '&a'"));
        Assert.That(result.Output, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task An_unknown_target_is_named_and_fails()
    {
        var result = await ChildProcess.BuildShAsync("--target=Nope");

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Output, Does.Contain("The target 'Nope' was not found."));
    }

    [Test]
    public async Task A_bad_verbosity_is_a_usage_error()
    {
        var result = await ChildProcess.BuildShAsync("--verbosity=loud");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Output, Does.Contain("The verbosity 'loud' is not valid"));
    }

    [Test]
    public async Task Exclusive_runs_the_target_without_its_dependencies()
    {
        using var repo = new TempRepository();
        repo.AddFunction("broken", "name: broken\n");

        var result = await ChildProcess.BuildShAsync("--target=Default", "--exclusive", $"--working={repo.Root}");

        Assert.That(result.ExitCode, Is.EqualTo(0), "Validate would have failed had it run: " + result);
        Assert.That(result.StandardOutput, Does.Not.Contain("Validate"));
    }

    [Test]
    public async Task Exclusive_render_still_loads_and_checks_the_definitions()
    {
        using var repo = new TempRepository();
        repo.AddValidFunction("hello");
        repo.AddFunction("broken", "name: broken\n");

        var result = await ChildProcess.BuildShAsync("--target=Render", "--exclusive", "--function=hello", $"--working={repo.Root}");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(File.Exists(Path.Combine(repo.Root, "artifacts", "hello", "job.yaml")), Is.True);
    }

    [Test]
    public async Task Options_take_their_value_after_a_space_too()
    {
        using var repo = new TempRepository();
        repo.AddValidFunction("hello");

        var result = await ChildProcess.BuildShAsync("--target", "Validate", "--function", "hello", "--working", repo.Root);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("1 function(s) valid"));
    }

    [Test]
    public async Task Dry_run_lists_the_tasks_and_changes_nothing()
    {
        using var repo = new TempRepository();
        repo.AddValidFunction("hello");

        var result = await ChildProcess.BuildShAsync("--dryrun", $"--working={repo.Root}");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("Performing dry run").And.Contain("Default (dry run: skipped)"));
        Assert.That(Directory.GetFileSystemEntries(repo.Root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "project.yaml", "functions" }));
    }

    [Test]
    public async Task Function_picks_one_function_and_an_unknown_one_names_the_known_ones()
    {
        using var repo = new TempRepository();
        repo.AddValidFunction("hello");
        repo.AddFunction("broken", "name: broken\n");

        var picked = await ChildProcess.BuildShAsync("--target=Validate", "--function=hello", $"--working={repo.Root}");
        var unknown = await ChildProcess.BuildShAsync("--target=Validate", "--function=nope", $"--working={repo.Root}");

        Assert.That(picked.ExitCode, Is.EqualTo(0), picked.ToString());
        Assert.That(unknown.ExitCode, Is.EqualTo(3), unknown.ToString());
        Assert.That(unknown.Output, Does.Contain("has no function 'nope'").And.Contain("known functions: broken, hello"));
    }

    [Test]
    public async Task A_missing_working_directory_is_reported()
    {
        var result = await ChildProcess.BuildShAsync("--working=/nonexistent/pyrt");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Output, Does.Contain("The working directory '/nonexistent/pyrt' does not exist."));
    }
}
