using System.Text;
using PythonRuntime.Diagnostics;
using PythonRuntime.Rendering.Context;
using PythonRuntime.Rendering.Model;
using PythonRuntime.Rendering.Output;
using PythonRuntime.Rendering.Templates;
using PythonRuntime.Rendering.Verification;
using PythonRuntime.Specs;

namespace PythonRuntime.Rendering;

/// <summary>
/// Renders each function's Dockerfile, build context and Kubernetes manifests from the Scriban templates, and
/// writes them to <c>&lt;output&gt;/&lt;function&gt;/</c>. Rendering happens in memory first: every manifest is
/// parsed back into the Kubernetes model and compared with what it should hold before anything is written, and
/// any problem in any function stops the whole render. Parsed templates are cached for the renderer's lifetime;
/// one renderer may serve many renders, also concurrently.
/// </summary>
public sealed class ArtifactRenderer
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly TemplateCatalog _catalog = new();
    private readonly TemplateEngine _engine = new();
    private readonly byte[]? _runner;

    /// <summary>Initializes a new instance of the <see cref="ArtifactRenderer"/> class that copies the embedded runner into every image.</summary>
    public ArtifactRenderer()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ArtifactRenderer"/> class that copies <paramref name="runnerScript"/> into every image.</summary>
    public ArtifactRenderer(ReadOnlyMemory<byte> runnerScript)
    {
        _runner = runnerScript.ToArray();
    }

    /// <summary>
    /// Renders the functions of <paramref name="set"/> (all, or those <see cref="RenderOptions.Functions"/> names)
    /// in memory. The result lists every file that <see cref="WriteAsync"/> would write: use it for a dry run.
    /// </summary>
    /// <exception cref="PythonRuntimeException">
    /// Something cannot be rendered safely; the message lists every problem (exit code
    /// <see cref="ExitCodes.InvalidDefinition"/>, or <see cref="ExitCodes.Failure"/> when a built-in template misbehaved).
    /// </exception>
    public async Task<RenderResult> RenderAsync(DefinitionSet set, RenderOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new RenderProblems();
        var functions = Select(set, options);
        var plan = RenderPlan.Create(set, options, problems);
        problems.ThrowIfAny();

        var templates = await _catalog.LoadAsync(TemplateFolder(set, options), cancellationToken).ConfigureAwait(false);
        var runner = _runner ?? Execution.RunnerScript.Bytes.ToArray();
        var rendered = new RenderedFunction?[functions.Count];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForAsync(0, functions.Count, parallel, async (index, token) =>
        {
            var definition = functions[index];
            var scope = new FunctionProblems(problems, index, definition.File ?? $"<function '{definition.Spec.Name}'>");
            rendered[index] = await RenderFunctionAsync(definition, plan!, templates, runner, scope, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        problems.ThrowIfAny();
        var result = new RenderResult(options.OutputDirectory, rendered.Select(function => function!).ToList());

        // The loop's closure can outlive the call on a pool thread; do not let it keep every file alive.
        Array.Clear(rendered);
        return result;
    }

    /// <summary>
    /// Writes <paramref name="result"/> below its output folder, atomically per file and all-or-nothing for the
    /// batch up to the final renames; files already holding the right bytes are left alone.
    /// </summary>
    /// <exception cref="PythonRuntimeException">The files cannot be written (exit code <see cref="ExitCodes.Environment"/>); nothing was changed.</exception>
    public Task<WriteSummary> WriteAsync(RenderResult result, CancellationToken cancellationToken) =>
        ArtifactWriter.WriteAsync(result, null, cancellationToken);

    /// <summary>
    /// Writes <paramref name="result"/> as <see cref="WriteAsync(RenderResult, CancellationToken)"/> does; when another
    /// process is writing to the same folder, waits for it and tells <paramref name="progress"/> what it waits for.
    /// </summary>
    public Task<WriteSummary> WriteAsync(RenderResult result, Action<string> progress, CancellationToken cancellationToken) =>
        ArtifactWriter.WriteAsync(result, progress, cancellationToken);

    /// <summary>Renders and, when every function rendered, writes: the Render task's whole job.</summary>
    public async Task<WriteSummary> RenderAndWriteAsync(DefinitionSet set, RenderOptions options, CancellationToken cancellationToken)
    {
        var result = await RenderAsync(set, options, cancellationToken).ConfigureAwait(false);
        return await WriteAsync(result, cancellationToken).ConfigureAwait(false);
    }

    private static List<FunctionDefinition> Select(DefinitionSet set, RenderOptions options) =>
        options.Functions is null
            ? [.. set.Functions]
            : options.Functions.Distinct(StringComparer.Ordinal).Select(set.Function).ToList();

    private static string? TemplateFolder(DefinitionSet set, RenderOptions options) =>
        options.TemplatesDirectory ?? (set.Project.Templates is { } relative ? Path.Combine(set.Root, relative) : null);

    private async Task<RenderedFunction?> RenderFunctionAsync(
        FunctionDefinition definition,
        RenderPlan plan,
        TemplateSet templates,
        byte[] runner,
        FunctionProblems problems,
        CancellationToken cancellationToken)
    {
        var spec = definition.Spec;
        // Each step runs even when an earlier one found problems, so the user sees all of them at once.
        var requirements = RequirementsFile.Write(spec.Requirements, problems);
        var context = await BuildContextReader.ReadAsync(definition, runner, spec.Requirements.Count > 0 ? requirements ?? [] : null, problems, cancellationToken)
            .ConfigureAwait(false);
        var model = context is null ? null : ModelBuilder.Build(definition, plan, context, problems);
        if (requirements is null || context is null || model is null || problems.Count > 0)
        {
            return null;
        }

        var dockerfile = Render(templates.Dockerfile, model.ForDockerfile(), problems);
        var name = spec.Name;
        if (plan.Options.ImageOnly)
        {
            if (dockerfile is null)
            {
                return null;
            }

            DockerfileVerifier.Verify(new ManifestCheck(templates.Dockerfile, problems, name), dockerfile, model.Dockerfile);
            return problems.Count > 0 ? null : Function(name, model.JobContainer.Image, ImageFiles(name, dockerfile, requirements, model, context));
        }

        var jobText = Render(templates.Job, model.ForJob(), problems);
        var deploymentText = Render(templates.Deployment, model.ForDeployment(), problems);
        var serviceText = Render(templates.Service, model.ForService(), problems);
        var buildText = Render(templates.BuildJob, model.ForBuildJob(), problems);
        if (dockerfile is null || jobText is null || deploymentText is null || serviceText is null || buildText is null)
        {
            return null;
        }

        DockerfileVerifier.Verify(new ManifestCheck(templates.Dockerfile, problems, name), dockerfile, model.Dockerfile);
        var job = WorkloadVerifier.Job(new ManifestCheck(templates.Job, problems, name), jobText, model.JobMeta, model.Job, model.JobPod, model.JobContainer);
        var deployment = WorkloadVerifier.Deployment(
            new ManifestCheck(templates.Deployment, problems, name), deploymentText, model.DeploymentMeta, model.Deployment, model.DeploymentPod, model.DeploymentContainer);
        var service = WorkloadVerifier.Service(new ManifestCheck(templates.Service, problems, name), serviceText, model.ServiceMeta, model.Service);
        var buildJob = WorkloadVerifier.BuildJob(new ManifestCheck(templates.BuildJob, problems, name), buildText, model.BuildMeta, model.Build, model.BuildPod, model.BuildContainer);
        if (job is null || deployment is null || service is null || buildJob is null || problems.Count > 0)
        {
            return null;
        }

        var files = ImageFiles(name, dockerfile, requirements, model, context);
        files.Add(File(name, "job.yaml", Utf8.GetBytes(jobText)));
        files.Add(File(name, "serve.yaml", Utf8.GetBytes(JoinDocuments(deploymentText, serviceText))));
        files.Add(File(name, "build-job.yaml", Utf8.GetBytes(buildText)));
        return Function(name, model.JobContainer.Image, files);
    }

    /// <summary>The files an image is built from: the Dockerfile, requirements, the context manifest and the context.</summary>
    private static List<RenderedFile> ImageFiles(string name, string dockerfile, byte[] requirements, Model.TemplateModel model, Context.BuildContext context)
    {
        var files = new List<RenderedFile>
        {
            File(name, "Dockerfile", Utf8.GetBytes(dockerfile)),
            File(name, "requirements.txt", requirements),
            File(name, "context.manifest", ContextManifest.Write(name, model.Function.Project, context)),
        };
        files.AddRange(context.Files.Select(file => File(name, "context/" + file.Path, file.Content)));
        return files;
    }

    private static RenderedFunction Function(string name, string image, List<RenderedFile> files)
    {
        files.Sort((left, right) => string.CompareOrdinal(left.RelativePath, right.RelativePath));
        return new RenderedFunction(name, image, files);
    }

    private string? Render(ParsedTemplate template, Scriban.Runtime.ScriptObject globals, FunctionProblems problems)
    {
        try
        {
            return _engine.Render(template, globals);
        }
        catch (TemplateRenderException ex)
        {
            problems.Template(ex.Template.DisplayPath, ex.Line, ex.Column, ex.Detail, isBug: false);
            return null;
        }
    }

    private static string JoinDocuments(string first, string second) =>
        (first.EndsWith('\n') ? first : first + "\n") + "---\n" + second;

    private static RenderedFile File(string function, string path, byte[] content) => new(function + "/" + path, content);
}
