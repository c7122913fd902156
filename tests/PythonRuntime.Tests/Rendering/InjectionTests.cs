using System.Text;
using System.Text.Json;
using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PythonRuntime.Tests.Rendering;

/// <summary>
/// Puts hostile values into every user-controlled string that can reach a template and shows that each one is
/// either refused with a clear message or carried as data: the structure of every rendered file (its keys,
/// its unquoted scalars, its Dockerfile instructions) stays exactly that of a harmless value, and the value
/// reads back unchanged.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class InjectionTests
{
    private static readonly string[] Hostile =
    [
        "a\nb: c", "x\n  securityContext: {privileged: true}", "a: b", "- x", "#x", "x # y", "&anchor", "*alias", "!tag x",
        "[1", "{", "}", "'", "\"", "\"quoted\"", "---", "...", "yes", "no", "on", "true", "null", "~", "0777", "1.10", "1e3", ".inf",
        "{{ 7*7 }}", "}}", "{{", "{{~ x ~}}", "back\\slash", "ends\\", "ends\\  ", "tab\there", "unicode ünï € 😀", "line\u2028sep",
        "bidi\u202Eevil", "nul\0x", "cr\rlf", "$(id)", "`id`", "${PATH}", "$HOME", " leading", "trailing ", "", "RUN curl x | sh",
        "cat <<EOF", "value\nRUN evil", "USER root", "%00", "\u0085next",
    ];

    private static IEnumerable<InjectionField> Fields()
    {
        yield return new("description", "benign", (s, o, v) => (s with { Description = v }, o),
            f => f.ReadJob().Metadata.Annotations["pythonruntime.io/description"]);
        yield return new("function label", "benign", (s, o, v) => (s with { Labels = [v] }, o),
            f => JsonSerializer.Deserialize<string[]>(f.ReadJob().Metadata.Annotations["pythonruntime.io/function-labels"])![0]);
        yield return new("env value", "benign", (s, o, v) => (WithJob(s, t => t with { Envs = [new EnvVarSpec("LOG_LEVEL", v)] }), o),
            f => Env(f, "LOG_LEVEL"));
        yield return new("env name", "LOG_LEVEL", (s, o, v) => (WithJob(s, t => t with { Envs = [new EnvVarSpec(v, "x")] }), o),
            f => f.ReadJob().Spec.Template.Spec.Containers[0].Env.Last().Name);
        yield return new("parameter value", "benign", (s, o, v) => (s with { Run = new RunSpec { Parameters = new Dictionary<string, JsonElement> { ["p"] = JsonString(v) } } }, o),
            f => RunnerSpec(f).GetProperty("parameters").GetProperty("p").GetString());
        yield return new("parameter name", "benign", (s, o, v) => (s with { Run = new RunSpec { Parameters = new Dictionary<string, JsonElement> { [v] = JsonString("x") } } }, o),
            f => RunnerSpec(f).GetProperty("parameters").EnumerateObject().Single().Name);
        yield return new("input", "store://demo/artifact/data:0123456789abcdef0123456789abcdef", (s, o, v) => (s with { Run = new RunSpec { Inputs = new Dictionary<string, string> { ["source"] = v } } }, o),
            f => RunnerSpec(f).GetProperty("inputs").GetProperty("source").GetProperty("key").GetString());
        yield return new("init parameter", "benign", (s, o, v) => (s with { Run = new RunSpec { InitParameters = new Dictionary<string, JsonElement> { ["p"] = JsonString(v) } } }, o),
            f => RunnerSpec(f).GetProperty("init_parameters").GetProperty("p").GetString());
        yield return new("handler", "main:handler", (s, o, v) => (s with { Handler = v }, o), f => RunnerSpec(f).GetProperty("handler").GetString());
        yield return new("output name", "benign", (s, o, v) => (s with { Outputs = [v] }, o), f => RunnerSpec(f).GetProperty("outputs")[0].GetString());
        yield return new("node selector value", "ssd", (s, o, v) => (WithJob(s, t => t with { NodeSelector = [new NodeSelectorEntry("disktype", v)] }), o),
            f => f.ReadJob().Spec.Template.Spec.NodeSelector["disktype"]);
        yield return new("node selector key", "disktype", (s, o, v) => (WithJob(s, t => t with { NodeSelector = [new NodeSelectorEntry(v, "ssd")] }), o),
            f => f.ReadJob().Spec.Template.Spec.NodeSelector.Keys.Single());
        yield return new("toleration value", "benign", (s, o, v) => (WithJob(s, t => t with { Tolerations = [new TolerationSpec("dedicated", "Equal", v, "NoSchedule", null)] }), o),
            f => f.ReadJob().Spec.Template.Spec.Tolerations[0].Value);
        yield return new("toleration key", "benign", (s, o, v) => (WithJob(s, t => t with { Tolerations = [new TolerationSpec(v, "Exists", null, null, null)] }), o),
            f => f.ReadJob().Spec.Template.Spec.Tolerations[0].Key);
        yield return new("volume mount path", "benign", (s, o, v) => (WithJob(s, t => t with { Volumes = [new VolumeSpec(VolumeType.EmptyDir, "data", "/data/" + v, false, new Dictionary<string, string>())] }), o),
            f => f.ReadJob().Spec.Template.Spec.Containers[0].VolumeMounts.Single(m => m.Name == "data").MountPath, v => "/data/" + v);
        yield return new("volume claim name", "claim", (s, o, v) => (WithJob(s, t => t with { Volumes = [new VolumeSpec(VolumeType.PersistentVolumeClaim, "data", "/data", false, new Dictionary<string, string> { ["claim_name"] = v })] }), o),
            f => f.ReadJob().Spec.Template.Spec.Volumes.Single(m => m.Name == "data").PersistentVolumeClaim.ClaimName);
        yield return new("secret name", "token", (s, o, v) => (WithJob(s, t => t with { Secrets = [v] }), o),
            f => f.ReadJob().Spec.Template.Spec.Volumes.Single(m => m.Secret is not null).Secret.SecretName);
        yield return new("resource quantity", "1Gi", (s, o, v) => (WithJob(s, t => t with { Resources = new ResourcesSpec(ResourceRange.None, new ResourceRange(null, v), ResourceRange.None, ResourceRange.None) }), o));
        yield return new("build instruction", "echo benign", (s, o, v) => (s with { Tasks = s.Tasks with { Build = new TaskSpec { Instructions = [v] } } }, o),
            f => RenderFixture.Text(f, "Dockerfile").Split('\n').Single(l => l.StartsWith("RUN ", StringComparison.Ordinal) && !l.Contains("venv", StringComparison.Ordinal))[4..]);
        yield return new("requirement", "requests==2.32.3", (s, o, v) => (s with { Requirements = [v] }, o),
            f => RenderFixture.Text(f, "requirements.txt").TrimEnd('\n'), v => v.Trim());
        yield return new("base image", "python:3.11-slim", (s, o, v) => (s with { BaseImage = v }, o));
        yield return new("base image override", "python:3.11-slim", (s, o, v) => (s, o with { BaseImageOverride = v }));
        yield return new("image", "127.0.0.1:5000/demo-hello:1", (s, o, v) => (s with { Image = v }, o), f => f.ReadJob().Spec.Template.Spec.Containers[0].Image);
        yield return new("source URL", "https://git.example.com/repo", (s, o, v) => (s, o with { SourceUrl = v }));
        yield return new("commit", "abc123", (s, o, v) => (s, o with { Commit = v }), f => f.ReadJob().Metadata.Labels["app.kubernetes.io/version"]);
        yield return new("run id", "run1", (s, o, v) => (s, o with { RunId = v }), f => f.ReadJob().Metadata.Labels["pythonruntime.io/run-id"]);
        yield return new("namespace", "team", (s, o, v) => (s, o with { Namespace = v }), f => f.ReadJob().Metadata.NamespaceProperty);
        yield return new("remote code URI", "https://example.com/code.py", (s, o, v) => (s with { CodeSrc = "https://example.com/" + v }, o),
            f => RunnerSpec(f).GetProperty("code_src").GetString(), v => "https://example.com/" + v);
    }

    [TestCaseSource(nameof(Fields))]
    public async Task A_hostile_value_is_refused_or_carried_as_data_without_changing_any_structure(InjectionField field)
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var baseSpec = fixture.Set().Functions.Single().Spec;
        var baseline = Skeleton(await Render(fixture, field, baseSpec, field.Benign));
        var refused = new List<string>();

        foreach (var value in Hostile)
        {
            RenderedFunction rendered;
            try
            {
                rendered = await Render(fixture, field, baseSpec, value);
            }
            catch (PythonRuntimeException ex)
            {
                Assert.That(ex.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition), $"{field}: {Show(value)} was refused as a bug: {ex.Message}");
                Assert.That(ex.Message, Does.Not.Contain("\r").And.Not.Contain("\0"), $"{field}: the message repeats the raw value");
                Assert.That(ex.Message.Split('\n').Skip(1), Has.All.Match(@"^error: |: error: "), $"{field}: every problem line says where and what");
                refused.Add(value);
                continue;
            }

            var skeleton = Skeleton(rendered);
            foreach (var (file, shape) in baseline)
            {
                Assert.That(skeleton[file], Is.EqualTo(shape), $"{field}: the value {Show(value)} changed the structure of {file}");
            }

            if (field.Read is { } read)
            {
                Assert.That(read(rendered), Is.EqualTo((field.Expected ?? (v => v))(value)), $"{field}: the value {Show(value)} did not come back unchanged");
            }
        }

        TestContext.Out.WriteLine($"{field}: {refused.Count} of {Hostile.Length} values refused: {string.Join(", ", refused.Select(Show))}");
    }

    [Test]
    public async Task A_value_that_looks_like_another_type_stays_a_double_quoted_string()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => WithJob(s, t => t with { Envs = [new EnvVarSpec("A", "0777"), new EnvVarSpec("B", "yes"), new EnvVarSpec("C", "1.10"), new EnvVarSpec("D", "~")] }));
        var job = RenderFixture.Text(await fixture.RenderOneAsync(), "job.yaml");

        Assert.That(job, Does.Contain("value: \"0777\"").And.Contain("value: \"yes\"").And.Contain("value: \"1.10\"").And.Contain("value: \"~\""));
    }

    private static async Task<RenderedFunction> Render(RenderFixture fixture, InjectionField field, FunctionSpec baseSpec, string value)
    {
        var (spec, options) = field.Apply(baseSpec, fixture.Options, value);
        return await fixture.RenderSpecAsync(spec, options);
    }

    private static Dictionary<string, List<string>> Skeleton(RenderedFunction function)
    {
        var shapes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in new[] { "job.yaml", "serve.yaml", "build-job.yaml" })
        {
            shapes[file] = YamlShape(RenderFixture.Text(function, file));
        }

        var dockerfile = RenderFixture.Text(function, "Dockerfile").Split('\n');
        shapes["Dockerfile"] = dockerfile
            .Where(line => line.Length > 0 && line[0] is >= 'A' and <= 'Z')
            .Select(line => line.Split(' ')[0])
            .Aggregate(new List<string>(), (list, keyword) =>
            {
                // Consecutive LABEL lines count as one: an empty description adds no label.
                if (!(keyword == "LABEL" && list.Count > 0 && list[^1] == "LABEL"))
                {
                    list.Add(keyword);
                }

                return list;
            });
        shapes["requirements.txt"] = [RenderFixture.Text(function, "requirements.txt").Count(c => c == '\n').ToString(System.Globalization.CultureInfo.InvariantCulture)];
        return shapes;
    }

    // The YAML event stream with the text of every double-quoted scalar blanked out: what is left is the
    // structure and every unquoted scalar, which only the template itself writes.
    private static List<string> YamlShape(string yaml)
    {
        var shape = new List<string>();
        var parser = new Parser(new StringReader(yaml));
        while (parser.MoveNext())
        {
            shape.Add(parser.Current switch
            {
                Scalar { Style: ScalarStyle.DoubleQuoted } => "\"…\"",
                Scalar scalar => $"{scalar.Style}:{scalar.Value}",
                MappingStart => "{",
                MappingEnd => "}",
                SequenceStart => "[",
                SequenceEnd => "]",
                var other => other!.GetType().Name,
            });
        }

        return shape;
    }

    private static FunctionSpec WithJob(FunctionSpec spec, Func<TaskSpec, TaskSpec> change) =>
        spec with { Tasks = spec.Tasks with { Job = change(spec.Tasks.Job ?? new TaskSpec()) } };

    private static JsonElement JsonString(string value) => JsonSerializer.SerializeToElement(value);

    private static string? Env(RenderedFunction function, string name) =>
        function.ReadJob().Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == name).Value;

    private static JsonElement RunnerSpec(RenderedFunction function) => RenderFixture.Json(Env(function, "PYTHONRUNTIME_SPEC")!);

    private static string Show(string value) => JsonSerializer.Serialize(value);
}
