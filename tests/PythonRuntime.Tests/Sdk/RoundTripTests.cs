using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;
using PythonRuntime.Sdk;
using PythonRuntime.Specs;
using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Sdk;

/// <summary><c>function.ToYaml()</c> writes the definition-file format: loading its text gives an equal spec.</summary>
[TestFixture]
public sealed class RoundTripTests
{
    private static readonly string[] TrickyText =
    [
        "plain", "", " leading space", "trailing space ", "key: value", "# not a comment", "- dash", "yes", "no", "on", "null", "~", "true",
        "1.10", "0777", "1_000", "1:30", "0x1F", ".inf", "'single'", "\"double\"", "back\\slash", "@at", "*star", "&amp", "!bang", "[bracket",
        "{brace", "%percent", "`tick", "|pipe", ">gt", "tab\there", "ünïcødé ✓ 😀", "a, b", "?q", "multi\nline\n", "no final newline\nhere",
        "trailing\n\n\n", "\nleading newline", "  indented\n  block\n", "line with trailing space \nnext", "crlf\r\nline", "bell\u0007", "x:y",
    ];

    [TestCaseSource(nameof(ExampleNames))]
    public async Task Every_example_survives_a_round_trip(string name)
    {
        var original = (await new DefinitionLoader().LoadAsync(new LoadOptions(TestPaths.RepoRoot, Functions: [name]))).Function(name);
        var function = Dh.GetProject(TestPaths.RepoRoot).GetFunction(name);

        var reloaded = await ReloadAsync(function.ToYaml(), name, codeFrom: original.Directory);

        Assert.That(SpecJson.Canonical(reloaded), Is.EqualTo(SpecJson.Canonical(original.Spec)));
    }

    [Test]
    public async Task A_function_with_every_field_and_tricky_text_survives_a_round_trip()
    {
        using var dir = new TempFolder();
        var project = new Project(new ProjectSpec { Name = "demo", Profiles = new Dictionary<string, TaskSpec> { ["small"] = TaskSpec.Empty } }, dir.Path);
        var parameters = JsonDocument.Parse("""{"s": "yes", "n": 1.5, "i": -3, "e": 1e3, "b": true, "z": null, "list": [1, "2", [3], {}], "obj": {"a b": "c: d", "": []}}""").RootElement;
        var function = project.NewFunction(
            name: "everything",
            kind: "python",
            pythonVersion: "PYTHON3_13",
            uuid: "3f2b8c1e-5d4a-4e8f-9b1c-2a7d6e0f4c3b",
            description: string.Join("|", TrickyText.Where(t => !t.Contains('\u0007', StringComparison.Ordinal))),
            labels: ["demo", "1.10", "true"],
            embedded: false,
            codeSrc: "pkg/handler.py",
            code: "def handler(s, n, i, e, b, z, list, obj):\n    return '''\n  x: 1\n\t# tab\n'''\n\n\n",
            base64: "ZGVmIGgoKToKICAgIHJldHVybiAxCg==",
            handler: "pkg.handler:handler",
            initFunction: "init",
            lang: "python",
            image: "127.0.0.1:5000/demo/everything:1.0",
            baseImage: "python:3.13-slim",
            requirements: ["requests==2.32.3", "tomli; python_version < \"3.11\"", "x @ https://files.example.com/x-1.0-py3-none-any.whl"],
            outputs: ["out", "1.10"],
            tasks: new FunctionTasks(
                new TaskSpec { Action = TaskAction.Build, Instructions = ["echo 'a: b' # c", "true"], Secrets = [] },
                new TaskSpec
                {
                    Profile = "small",
                    Resources = new ResourcesSpec(new ResourceRange("100m", "1"), new ResourceRange(null, "256Mi"), new ResourceRange("1", "1"), ResourceRange.None),
                    Envs = [new EnvVarSpec("A", "yes"), new EnvVarSpec("B", ""), new EnvVarSpec("C", "x: y # z"), new EnvVarSpec("D", "1.10")],
                    Secrets = ["api-token"],
                    NodeSelector = [new NodeSelectorEntry("kubernetes.io/arch", "amd64"), new NodeSelectorEntry("example.com/empty", "")],
                    Tolerations = [new TolerationSpec("gpu", "Exists", null, "NoExecute", 30), new TolerationSpec(null, "Exists", null, null, null)],
                    Volumes = [new VolumeSpec(VolumeType.EmptyDir, "scratch", "/scratch", true, new Dictionary<string, string> { ["size_limit"] = "1Gi", ["medium"] = "" })],
                    Affinity = JsonDocument.Parse("""{"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 5, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["1.10", "yes"]}]}}]}}""").RootElement,
                },
                new TaskSpec { Replicas = 3, ServiceType = ServiceType.ClusterIP, Volumes = [] }),
            run: new RunSpec
            {
                LocalExecution = true,
                Inputs = new Dictionary<string, string> { ["table"] = "store://demo/artifact/table:0123456789abcdef0123456789abcdef" },
                Parameters = parameters.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
                InitParameters = new Dictionary<string, JsonElement> { ["verbose"] = JsonDocument.Parse("true").RootElement },
            });

        var yaml = function.ToYaml();
        var reloaded = await ReloadAsync(yaml, "everything");

        Assert.That(SpecJson.Canonical(reloaded), Is.EqualTo(SpecJson.Canonical(function.Spec)), yaml);
        Assert.That(yaml, Does.StartWith("# yaml-language-server: $schema=../../schemas/function.schema.json\nname: everything\n"));
    }

    [TestCaseSource(nameof(TrickyText))]
    public async Task Any_text_value_survives_a_round_trip(string text)
    {
        var spec = new FunctionSpec { Name = "text", PythonVersion = PythonVersion.Python3_11, Code = "x = 1", Handler = "h", Description = text };
        var bag = new DiagnosticBag();
        var node = new StrictYamlReader().Read(FunctionYaml.Write(spec), "text.yaml", bag);
        var reloaded = FunctionBinder.Bind(node!, new BindingContext(bag, new SourceMap("text.yaml")));
        Assert.That(bag.Items, Is.Empty);
        Assert.That(reloaded!.Description, Is.EqualTo(text));
    }

    [Test]
    public void A_standalone_function_keeps_its_project_in_the_yaml()
    {
        var function = Dh.NewFunction(project: "demo", name: "solo", kind: "python", pythonVersion: "PYTHON3_9", code: "def h():\n    return 1\n", handler: "h");
        var yaml = function.ToYaml(schemaComment: false);
        Assert.That(yaml, Is.EqualTo("project: demo\nname: solo\nkind: python\npython_version: PYTHON3_9\nhandler: h\ncode: |\n  def h():\n      return 1\n"));

        var bag = new DiagnosticBag();
        var reloaded = FunctionBinder.Bind(new StrictYamlReader().Read(yaml, "solo.yaml", bag)!, new BindingContext(bag, new SourceMap("solo.yaml")));
        Assert.That(SpecJson.Canonical(reloaded!), Is.EqualTo(SpecJson.Canonical(function.Spec)));
    }

    [Test]
    public void Written_definitions_conform_to_the_schema()
    {
        using var dir = new TempFolder();
        var function = Dh.GetProject(TestPaths.RepoRoot).GetFunction("summarize-dataset");
        var path = dir.Write("functions/summarize-dataset/function.yaml", function.ToYaml());
        Assert.That(DefinitionSchemas.Problems(path), Is.Empty);
    }

    public static IEnumerable<string> ExampleNames() =>
        Directory.EnumerateDirectories(Path.Combine(TestPaths.RepoRoot, "functions")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    private static async Task<FunctionSpec> ReloadAsync(string yaml, string name, string? codeFrom = null)
    {
        using var repo = new TempFolder();
        repo.Write("project.yaml", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "project.yaml")));
        if (codeFrom is not null)
        {
            repo.CopyFrom(codeFrom, Path.Combine("functions", name));
        }

        repo.Write($"functions/{name}/function.yaml", yaml);
        var set = await new DefinitionLoader().LoadAsync(new LoadOptions(repo.Path));
        return set.Function(name).Spec;
    }
}
