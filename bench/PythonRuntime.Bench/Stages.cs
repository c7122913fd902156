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
        var sw = new Dictionary<string, Stopwatch>();
        void T(string n, Action a) { if (!sw.TryGetValue(n, out var s)) sw[n] = s = new Stopwatch(); s.Start(); a(); s.Stop(); }
        const int N = 300;
        for (int i = 0; i < N + 50; i++)
        {
            if (i == 50) foreach (var s in sw.Values) s.Reset();
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
            T("parse only job", () => k8s.KubernetesYaml.LoadAllFromString(j, null, true));
        }
        foreach (var (n, s) in sw) Console.WriteLine($"{n,-16} {s.Elapsed.TotalMilliseconds / N:F3} ms");
        if (problems.HasProblems) problems.ThrowIfAny();
    }
}
