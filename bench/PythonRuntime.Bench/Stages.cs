using System.Diagnostics;
using PythonRuntime.Rendering;
using PythonRuntime.Rendering.Context;
using PythonRuntime.Rendering.Model;
using PythonRuntime.Rendering.Templates;
using PythonRuntime.Rendering.Verification;

namespace PythonRuntime.Bench;

internal static class Stages
{
    public static async Task RunAsync()
    {
        var set = GeneratedFunctions.Create(3);
        var def = set.Functions[1];
        var problems = new RenderProblems();
        var options = new RenderOptions { Commit = "abc" };
        var plan = RenderPlan.Create(set, options, problems)!;
        var templates = await new TemplateCatalog().LoadAsync(null, CancellationToken.None);
        var engine = new TemplateEngine();
        var fp = new FunctionProblems(problems, 0, "x");
        var ctx = (await BuildContextReader.ReadAsync(def, [1, 2], [3], fp, CancellationToken.None))!;
        var best = new Dictionary<string, double>();
        void T(string n, Action a)
        {
            for (var k = 0; k < 3; k++) a();
            var w = Stopwatch.StartNew();
            for (var k = 0; k < 5; k++) a();
            var ms = w.Elapsed.TotalMilliseconds / 5;
            best[n] = best.TryGetValue(n, out var old) ? Math.Min(old, ms) : ms;
        }

        var N = Environment.GetEnvironmentVariable("STAGES_N") is { } count ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 40;
        for (int i = 0; i < N; i++)
        {
            TemplateModel m = null!;
            T("model", () => m = ModelBuilder.Build(def, plan, ctx, fp)!);
            string d = "", j = "", de = "", se = "", b = "";
            T("render docker", () => d = engine.Render(templates.Dockerfile, m.ForDockerfile()));
            T("render job", () => j = engine.Render(templates.Job, m.ForJob()));
            T("render deploy", () => de = engine.Render(templates.Deployment, m.ForDeployment()));
            T("render svc", () => se = engine.Render(templates.Service, m.ForService()));
            T("render build", () => b = engine.Render(templates.BuildJob, m.ForBuildJob()));
            T("verify docker", () => DockerfileVerifier.Verify(new ManifestCheck(templates.Dockerfile, fp, "f"), d, m.Dockerfile));
            T("verify job", () => WorkloadVerifier.Job(new ManifestCheck(templates.Job, fp, "f"), j, m.JobMeta, m.Job, m.JobPod, m.JobContainer));
            T("verify deploy", () => WorkloadVerifier.Deployment(new ManifestCheck(templates.Deployment, fp, "f"), de, m.DeploymentMeta, m.Deployment, m.DeploymentPod, m.DeploymentContainer));
            T("verify svc", () => WorkloadVerifier.Service(new ManifestCheck(templates.Service, fp, "f"), se, m.ServiceMeta, m.Service));
            T("verify build", () => WorkloadVerifier.BuildJob(new ManifestCheck(templates.BuildJob, fp, "f"), b, m.BuildMeta, m.Build, m.BuildPod, m.BuildContainer));
            T("spec hash", () => CanonicalJson.Sha256(new { function = def.Spec, task = def.Spec.Tasks.Job, run = def.Spec.Run }));
            T("new context", () => new Scriban.TemplateContext(new Scriban.Runtime.ScriptObject()) { StrictVariables = true });
            T("parse only job", () => StrictManifestReader.Read<k8s.Models.V1Job>(j));
        }
        foreach (var (n, ms) in best) Console.WriteLine($"{n,-16} min {ms:F3} ms");
        Console.WriteLine($"{"total",-16} min {best.Where(p => !p.Key.StartsWith("parse", StringComparison.Ordinal)).Sum(p => p.Value):F3} ms");
        if (problems.HasProblems) problems.ThrowIfAny();
    }
}
