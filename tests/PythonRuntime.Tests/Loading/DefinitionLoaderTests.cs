using System.Diagnostics;
using System.Text;
using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;
using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Loading;

/// <summary>
/// The loader against broken and hostile files: every problem of every file in one pass, each with file,
/// line and field, the invalid-definition exit code, no stack traces, and no hang or crash.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DefinitionLoaderTests
{
    [Test]
    public async Task Every_problem_of_every_file_is_reported_at_once()
    {
        using var repo = new LoaderTestRepo("name: demo\nregistry: https://registry.example.com\n");
        repo.Function("alpha", "name: alpha\nkind: python\npython_version: PYTHON3_11\ncode: x = 1\nhandler: 'main:'\n");
        repo.Function("beta", "name: beta\nkind: python\npython_version: PYTHON3_11\ncode: x = 1\nhandler: h\nhandlr: h\ntasks:\n  job:\n    replicas: 2\n");
        repo.Function("gamma", "name: gamma\nkind: [unclosed\n");
        repo.ValidFunctionNamed("delta");

        var error = await repo.FailAsync();

        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition));
        var byFile = error.Diagnostics.GroupBy(d => d.Location.File).ToDictionary(g => g.Key!, g => g.ToArray());
        Assert.That(byFile.Keys, Is.EquivalentTo(new[] { "project.yaml", "functions/alpha/function.yaml", "functions/beta/function.yaml", "functions/gamma/function.yaml" }));
        Assert.That(byFile["project.yaml"].Single().ToString(), Is.EqualTo("project.yaml:2:11: error: registry: 'https://registry.example.com' has a scheme; give host[:port][/path] only, such as '127.0.0.1:5000' or 'registry.example.com/team'."));
        Assert.That(byFile["functions/alpha/function.yaml"].Single().ToString(), Does.StartWith("functions/alpha/function.yaml:5:10: error: handler: 'main:' is not a valid handler"));
        Assert.That(byFile["functions/beta/function.yaml"].Select(d => d.Field), Is.EquivalentTo(new[] { "handlr", "tasks.job.replicas" }));
        Assert.That(byFile["functions/gamma/function.yaml"].Single().Message, Does.StartWith("invalid YAML"));
        Assert.That(error.Message, Does.StartWith("5 problems found in the definitions:"));
        Assert.That(error.Message, Does.Not.Contain("   at "), "no stack trace in user-facing messages");
        Assert.That(error.Message, Does.Not.Contain("Exception"));
    }

    [Test]
    public async Task Unknown_fields_suggest_the_closest_known_one()
    {
        using var repo = new LoaderTestRepo();
        repo.Function("hello", string.Format(System.Globalization.CultureInfo.InvariantCulture, LoaderTestRepo.ValidFunction, "hello") + "pyton_version: PYTHON3_11\ntasks:\n  job:\n    envz: []\n");
        var error = await repo.FailAsync();
        Assert.That(error.Diagnostics.Select(d => d.ToString()), Is.EquivalentTo(new[]
        {
            "functions/hello/function.yaml:6:1: error: pyton_version: is not a known field. Did you mean 'python_version'? Allowed here: name, python_version, project, kind, uuid, description, labels, embedded, code_src, code, base64, handler, init_function, lang, image, base_image, requirements, outputs, tasks, run.",
            "functions/hello/function.yaml:9:5: error: tasks.job.envz: is not a known field. Did you mean 'envs'? Allowed here: action, node_selector, volumes, resources, affinity, tolerations, envs, secrets, profile, replicas, service_type, instructions.",
        }));
    }

    [Test]
    public async Task Duplicate_keys_are_refused_with_the_first_line()
    {
        using var repo = new LoaderTestRepo();
        repo.Function("hello", string.Format(System.Globalization.CultureInfo.InvariantCulture, LoaderTestRepo.ValidFunction, "hello") + "handler: other\n");
        var error = await repo.FailAsync();
        Assert.That(error.Diagnostics.Single().ToString(), Is.EqualTo("functions/hello/function.yaml:6:1: error: handler: is given twice (first at line 5); keep one."));
    }

    [Test]
    public async Task Anchors_and_aliases_are_refused()
    {
        using var repo = new LoaderTestRepo();
        repo.Function("hello", "name: hello\nkind: python\npython_version: PYTHON3_11\ncode: &src x = 1\nbase64: *src\nhandler: h\n");
        var error = await repo.FailAsync();
        Assert.That(error.Diagnostics.Select(d => d.Message), Has.Some.Contains("defines the anchor '&src'").And.Some.Contains("uses the alias '*src'"));
    }

    [Test]
    public async Task An_alias_bomb_fails_fast_without_expanding()
    {
        var yaml = new StringBuilder("name: hello\nkind: python\npython_version: PYTHON3_11\nhandler: h\ncode: x\nrun:\n  parameters:\n    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"    a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }

        using var repo = new LoaderTestRepo();
        repo.Function("hello", yaml.ToString());
        var clock = Stopwatch.StartNew();
        var error = await repo.FailAsync();
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        Assert.That(error.Diagnostics, Has.Some.Matches<Diagnostic>(d => d.Message.Contains("anchors and aliases are not allowed", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Deep_nesting_is_refused_without_a_stack_overflow()
    {
        using var repo = new LoaderTestRepo();
        repo.Function("hello", string.Format(System.Globalization.CultureInfo.InvariantCulture, LoaderTestRepo.ValidFunction, "hello") + "run:\n  parameters:\n    deep: " + new string('[', 20_000) + new string(']', 20_000) + "\n");
        var error = await repo.FailAsync();
        Assert.That(error.Diagnostics.Select(d => d.Message), Has.Some.Contains("nests deeper than 32 levels"));
    }

    [Test]
    public async Task A_file_over_the_size_cap_is_refused_unread()
    {
        using var repo = new LoaderTestRepo();
        repo.Function("hello", string.Format(System.Globalization.CultureInfo.InvariantCulture, LoaderTestRepo.ValidFunction, "hello") + "# " + new string('x', 1024 * 1024) + "\n");
        var error = await repo.FailAsync();
        Assert.That(error.Diagnostics.Single().ToString(), Is.EqualTo("functions/hello/function.yaml: error: is larger than the 1048576 byte limit for definition files; move large code into files next to it and point code_src at them."));
    }

    [Test]
    public async Task A_FIFO_as_function_yaml_is_refused_without_blocking()
    {
        using var repo = new LoaderTestRepo();
        repo.Folder.Fifo("functions/hello/function.yaml");
        var error = await repo.FailAsync(seconds: 5);
        Assert.That(error.Diagnostics.Single().ToString(), Does.Contain("functions/hello/function.yaml: error: is a FIFO (named pipe), not a regular file"));
    }

    [Test]
    public async Task Dev_zero_linked_as_function_yaml_is_refused_without_reading()
    {
        using var repo = new LoaderTestRepo();
        repo.Folder.Link("functions/hello/function.yaml", "/dev/zero");
        var error = await repo.FailAsync(seconds: 5);
        Assert.That(error.Diagnostics.Single().ToString(), Does.Contain("is a character device, not a regular file"));
    }

    [Test]
    public async Task Wrong_types_are_reported_not_converted()
    {
        using var repo = new LoaderTestRepo();
        repo.Function("hello", "name: 123\nkind: python\npython_version: PYTHON3_11\ncode: x\nhandler: h\ndescription: 1.10\nembedded: yes\ntasks:\n  serve:\n    replicas: \"2\"\n");
        var error = await repo.FailAsync();
        Assert.That(error.Diagnostics.Select(d => d.ToString()), Is.EquivalentTo(new[]
        {
            "functions/hello/function.yaml:1:7: error: name: expected a string, got an integer (123); quote it (\"123\") if it is meant as text.",
            "functions/hello/function.yaml:6:14: error: description: expected a string, got a number (1.10); quote it (\"1.10\") if it is meant as text.",
            "functions/hello/function.yaml:7:11: error: embedded: expected true or false, got a string.",
            "functions/hello/function.yaml:10:15: error: tasks.serve.replicas: expected a whole number, got a string.",
        }));
    }

    [TestCase("utf16", "is not valid UTF-8")]
    [TestCase("garbage", "is not valid UTF-8")]
    [TestCase("tag", "uses the tag")]
    [TestCase("two-documents", "holds more than one YAML document")]
    [TestCase("empty", "is empty")]
    [TestCase("scalar", "expected a mapping, got a string")]
    [TestCase("truncated", "invalid YAML")]
    public async Task Malformed_files_are_reported(string shape, string fragment)
    {
        using var repo = new LoaderTestRepo();
        var path = repo.Function("hello", "placeholder");
        switch (shape)
        {
            case "utf16":
                File.WriteAllText(path, "name: hello\n", Encoding.Unicode);
                break;
            case "garbage":
                File.WriteAllBytes(path, [0xC3, 0x28, 0xFF, 0x00, 0x81, 0x9F]);
                break;
            case "tag":
                File.WriteAllText(path, "name: !!python/object/apply:os.system [id]\n");
                break;
            case "two-documents":
                File.WriteAllText(path, "name: hello\n---\nname: again\n");
                break;
            case "empty":
                File.WriteAllText(path, string.Empty);
                break;
            case "scalar":
                File.WriteAllText(path, "just text\n");
                break;
            case "truncated":
                File.WriteAllText(path, "name: hello\ntasks:\n  job: {resources: {cpu: \"1\"\n");
                break;
        }

        var error = await repo.FailAsync();
        Assert.That(error.Diagnostics.Select(d => d.Message), Has.Some.Contains(fragment));
        Assert.That(error.Diagnostics.All(d => d.Location.File == "functions/hello/function.yaml"), Is.True);
    }

    [Test]
    public async Task A_missing_project_file_is_reported_with_the_functions()
    {
        using var repo = new LoaderTestRepo();
        File.Delete(repo.Folder["project.yaml"]);
        repo.Function("hello", "name: hello\n");
        var error = await repo.FailAsync();
        Assert.That(error.Diagnostics.Select(d => d.ToString()), Has.Some.StartsWith("project.yaml: error: was not found in"));
        Assert.That(error.Diagnostics.Select(d => d.Field), Has.Some.EqualTo("python_version"));
    }

    [Test]
    public async Task Missing_top_level_fields_point_at_the_first_line()
    {
        using var repo = new LoaderTestRepo();
        repo.Function("hello", "# comment\nname: hello\nkind: python\npython_version: PYTHON3_11\ncode: x\n");
        var error = await repo.FailAsync();
        Assert.That(error.Diagnostics.Single().ToString(), Is.EqualTo("functions/hello/function.yaml:2:1: error: handler: is required; use 'func', 'module:func' or 'pkg.module:func'."));
    }

    [Test]
    public async Task Nested_affinity_errors_point_at_their_own_line()
    {
        using var repo = new LoaderTestRepo();
        repo.Function("hello", string.Format(System.Globalization.CultureInfo.InvariantCulture, LoaderTestRepo.ValidFunction, "hello") + """
            tasks:
              job:
                affinity:
                  nodeAffinity:
                    preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 5
                        preference:
                          matchExpressions:
                            - key: zone
                              operator: In
                              valuez: [a]
            """);
        var error = await repo.FailAsync();
        Assert.That(error.Diagnostics.Select(d => $"{d.Location.Line} {d.Field}"), Is.EquivalentTo(new[]
        {
            "16 tasks.job.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].valuez",
        }));
        Assert.That(error.Diagnostics.Single().Message, Does.Contain("Did you mean 'values'?"));
    }

    [Test]
    public async Task A_valid_repository_loads_with_functions_in_name_order()
    {
        using var repo = new LoaderTestRepo();
        repo.ValidFunctionNamed("zeta");
        repo.ValidFunctionNamed("alpha");
        var set = await repo.LoadAsync();
        Assert.That(set.Functions.Select(f => f.Spec.Name), Is.EqualTo(new[] { "alpha", "zeta" }));
        Assert.That(set.Project.Name, Is.EqualTo("demo"));
    }

    [Test]
    public async Task The_project_file_loads_on_its_own()
    {
        using var repo = new LoaderTestRepo("name: demo\nnamespace: Bad_Namespace\n");
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => new DefinitionLoader().LoadProjectAsync(repo.Root));
        Assert.That(error!.Diagnostics.Single().Field, Is.EqualTo("namespace"));
        File.WriteAllText(repo.Folder["project.yaml"], "name: demo\n");
        Assert.That((await new DefinitionLoader().LoadProjectAsync(repo.Root)).Name, Is.EqualTo("demo"));
    }
}
