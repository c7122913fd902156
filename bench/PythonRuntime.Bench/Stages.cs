using System.Diagnostics;
using PythonRuntime.Rendering;
using PythonRuntime.Rendering.Context;
using PythonRuntime.Rendering.Model;
using PythonRuntime.Rendering.Templates;
using PythonRuntime.Rendering.Verification;

namespace PythonRuntime.Bench;

/// <summary>
/// Times each step of rendering one function (model, each template, each verification) and prints the best
/// of many short batches, which shows where the time goes even on a busy machine. STAGES_N sets the batches.
/// </summary>
internal static class Stages
{
    public static async Task RunAsync()
    {
        var set = GeneratedFunctions.Create(3);
        var definition = set.Functions[1];
        var problems = new RenderProblems();
        var plan = RenderPlan.Create(set, new RenderOptions { Commit = "abc" }, problems)!;
        var templates = await new TemplateCatalog().LoadAsync(null, CancellationToken.None);
        var engine = new TemplateEngine();
        var scope = new FunctionProblems(problems, 0, "function.yaml");
        var context = (await BuildContextReader.ReadAsync(definition, [1], [2], scope, CancellationToken.None))!;
        var batches = Environment.GetEnvironmentVariable("STAGES_N") is { } count ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 40;
        var best = new Dictionary<string, double>(StringComparer.Ordinal);

        void Time(string name, Action action)
        {
            for (var i = 0; i < 3; i++)
            {
                action();
            }

            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 5; i++)
            {
                action();
            }

            var ms = watch.Elapsed.TotalMilliseconds / 5;
            best[name] = best.TryGetValue(name, out var old) ? Math.Min(old, ms) : ms;
        }

        for (var batch = 0; batch < batches; batch++)
        {
            TemplateModel model = null!;
            string dockerfile = string.Empty, job = string.Empty, deployment = string.Empty, service = string.Empty, build = string.Empty;
            Time("model", () => model = ModelBuilder.Build(definition, plan, context, scope)!);
            Time("render Dockerfile", () => dockerfile = engine.Render(templates.Dockerfile, model.ForDockerfile()));
            Time("render Job", () => job = engine.Render(templates.Job, model.ForJob()));
            Time("render Deployment", () => deployment = engine.Render(templates.Deployment, model.ForDeployment()));
            Time("render Service", () => service = engine.Render(templates.Service, model.ForService()));
            Time("render build Job", () => build = engine.Render(templates.BuildJob, model.ForBuildJob()));
            Time("verify Dockerfile", () => DockerfileVerifier.Verify(new ManifestCheck(templates.Dockerfile, scope, "f"), dockerfile, model.Dockerfile));
            Time("verify Job", () => WorkloadVerifier.Job(new ManifestCheck(templates.Job, scope, "f"), job, model.JobMeta, model.Job, model.JobPod, model.JobContainer));
            Time("verify Deployment", () => WorkloadVerifier.Deployment(new ManifestCheck(templates.Deployment, scope, "f"), deployment, model.DeploymentMeta, model.Deployment, model.DeploymentPod, model.DeploymentContainer));
            Time("verify Service", () => WorkloadVerifier.Service(new ManifestCheck(templates.Service, scope, "f"), service, model.ServiceMeta, model.Service));
            Time("parse Job only", () => StrictManifestReader.Read<k8s.Models.V1Job>(job));
            Time("YAML to JSON only", () => StrictManifestReader.ToJson(job));
            Time("verify build Job", () => WorkloadVerifier.BuildJob(new ManifestCheck(templates.BuildJob, scope, "f"), build, model.BuildMeta, model.Build, model.BuildPod, model.BuildContainer));
        }

        problems.ThrowIfAny();
        foreach (var (name, ms) in best)
        {
            Console.WriteLine($"{name,-18} {ms:F3} ms");
        }

        Console.WriteLine($"{"total",-18} {best.Where(p => !p.Key.Contains("only", StringComparison.Ordinal)).Sum(p => p.Value):F3} ms");
    }
}
