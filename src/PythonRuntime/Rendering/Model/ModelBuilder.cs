using PythonRuntime.Rendering.Context;
using PythonRuntime.Rendering.Quoting;
using PythonRuntime.Specs;

namespace PythonRuntime.Rendering.Model;

/// <summary>
/// Turns one validated function into the model its templates render, re-checking every value that reaches a
/// template (the renderer must be safe on its own). Problems are collected with the field they concern;
/// the model is null when there is any.
/// </summary>
internal sealed partial class ModelBuilder
{
    private const int MaxNameLength = KubernetesNames.LabelMax;

    private readonly FunctionDefinition _definition;
    private readonly FunctionSpec _spec;
    private readonly RenderPlan _plan;
    private readonly BuildContext _context;
    private readonly FunctionProblems _problems;
    private readonly string _project;
    private byte[]? _functionJson;
    private byte[]? _runJson;
    private RunSpec? _runJsonFor;

    private ModelBuilder(FunctionDefinition definition, RenderPlan plan, BuildContext context, FunctionProblems problems)
    {
        _definition = definition;
        _spec = definition.Spec;
        _plan = plan;
        _context = context;
        _problems = problems;
        _project = _spec.Project ?? plan.Set.Project.Name;
    }

    private string Name => _spec.Name;

    public static TemplateModel? Build(FunctionDefinition definition, RenderPlan plan, BuildContext context, FunctionProblems problems)
    {
        var before = problems.Count;
        var model = new ModelBuilder(definition, plan, context, problems).Build();
        return problems.Count == before ? model : null;
    }

    private TemplateModel? Build()
    {
        var before = _problems.Count;
        CheckNames();
        var image = ResolveImage();
        var baseImage = ResolveBaseImage();
        if (_problems.Count != before || image is null || baseImage is null)
        {
            return null;
        }

        var run = _plan.Options.Runs.TryGetValue(Name, out var runOverride) ? runOverride : _spec.Run;
        var jobTask = _plan.Set.Project.ResolveTask(TaskAction.Job, _spec.Tasks.For(TaskAction.Job));
        var serveTask = _plan.Set.Project.ResolveTask(TaskAction.Serve, _spec.Tasks.For(TaskAction.Serve));
        var buildTask = _plan.Set.Project.ResolveTask(TaskAction.Build, _spec.Tasks.For(TaskAction.Build));
        var function = new FunctionModel(
            Name,
            _project,
            _spec.Description,
            _spec.PythonVersion.ToName(),
            _spec.Handler,
            _context.CodeSrc,
            _spec.Labels);

        var dockerfile = BuildDockerfile(baseImage, buildTask);
        var jobName = Name + "-" + _plan.RunShort;
        var jobMeta = Metadata(jobName, "job", jobTask, run, includeRunId: true);
        var job = new JobModel(_plan.Options.JobBackoffLimit, _plan.Options.JobActiveDeadlineSeconds, _plan.Options.JobTtlSecondsAfterFinished);
        var jobVolumes = FunctionVolumes("tasks.job", jobTask);
        var jobPod = FunctionPod(jobMeta, "tasks.job", jobTask, jobVolumes);
        var jobContainer = FunctionContainer(image, "tasks.job", jobTask, run, serve: false, jobVolumes);

        var deploymentMeta = Metadata(Name, "serve", serveTask, run, includeRunId: false);
        var selector = Selector(Name, "serve");
        var deployment = new DeploymentModel(ServeReplicas(serveTask), 3, 600, selector);
        var serveVolumes = FunctionVolumes("tasks.serve", serveTask);
        var deploymentPod = FunctionPod(deploymentMeta, "tasks.serve", serveTask, serveVolumes);
        var deploymentContainer = FunctionContainer(image, "tasks.serve", serveTask, run, serve: true, serveVolumes);
        var serviceMeta = deploymentMeta;
        var service = new ServiceModel((serveTask.ServiceType ?? ServiceType.NodePort).ToString(), selector, "http", 80, "http");

        var buildName = Name + "-build-" + _plan.RunShort;
        var buildMeta = Metadata(buildName, "build", buildTask, run, includeRunId: true);
        var build = new JobModel(0, _plan.Options.BuildActiveDeadlineSeconds, _plan.Options.JobTtlSecondsAfterFinished);
        var buildPod = BuildPod(buildMeta, buildTask);
        var buildContainer = BuildContainer(image, buildTask);

        if (jobPod is null || jobContainer is null || deploymentPod is null || deploymentContainer is null || buildPod is null || buildContainer is null)
        {
            return null;
        }

        return new TemplateModel(
            function,
            dockerfile,
            jobMeta,
            job,
            jobPod,
            jobContainer,
            deploymentMeta,
            deployment,
            deploymentPod,
            deploymentContainer,
            serviceMeta,
            service,
            buildMeta,
            build,
            buildPod,
            buildContainer);
    }

    private void CheckNames()
    {
        if (KubernetesNames.CheckDns1035Label(Name) is { } problem)
        {
            _problems.Add("name", $"The function name {MessageText.Show(Name)} {problem}; it names the Deployment, the Service and the Jobs.");
            return;
        }

        // Jobs get a suffix; the longest one is the build Job's.
        var longest = Name + "-build-" + _plan.RunShort;
        if (longest.Length > MaxNameLength)
        {
            _problems.Add(
                "name",
                $"The function name {MessageText.Show(Name)} is too long: the build Job name '{longest}' has {longest.Length} characters and Kubernetes allows {MaxNameLength}; use at most {MaxNameLength - longest.Length + Name.Length} characters.");
        }

        if (string.IsNullOrEmpty(_spec.Handler))
        {
            _problems.Add("handler", "The function has no handler; set it to 'func', 'module:func' or 'pkg.module:func'.");
        }

        if (KubernetesNames.CheckLabelValue(_project) is { } projectProblem)
        {
            _problems.Add("project", $"The project name {MessageText.Show(_project)} {projectProblem}; it is the app.kubernetes.io/part-of label.");
        }
    }

    private ImageReference? ResolveImage()
    {
        var (text, field) = _plan.Options.Images.TryGetValue(Name, out var given) ? (given, "image (render option)")
            : _spec.Image is { } prebuilt ? (prebuilt, "image")
            : ($"{_plan.Registry}/{_project}-{Name}:{_plan.Version}", "image (default <registry>/<project>-<function>:<commit>)");
        var reference = ImageReference.TryParsePinned(text, out var problem);
        if (reference is null)
        {
            _problems.Add(field, $"The image {MessageText.Show(text)} {problem}.");
        }

        return reference;
    }

    private ImageReference? ResolveBaseImage()
    {
        var (text, field) = _plan.Options.BaseImageOverride is { } forced ? (forced, "base_image (override)")
            : _spec.BaseImage is { } own ? (own, "base_image")
            : (_plan.Set.Project.BaseImageFor(_spec.PythonVersion), "base_images (project.yaml)");
        var reference = ImageReference.TryParsePinned(text, out var problem);
        if (reference is null)
        {
            _problems.Add(field, $"The base image {MessageText.Show(text)} {problem}.");
        }

        return reference;
    }

    private DockerfileModel BuildDockerfile(ImageReference baseImage, TaskSpec buildTask)
    {
        var instructions = buildTask.Instructions ?? [];
        for (var i = 0; i < instructions.Count; i++)
        {
            try
            {
                Quoting.DockerfileQuoting.RunLine(instructions[i]);
            }
            catch (RenderValueException ex)
            {
                _problems.Add($"tasks.build.instructions[{i}]", ex.Message);
            }
        }

        var source = _plan.Options.SourceUrl ?? DefinitionFolder();
        return new DockerfileModel(
            baseImage.Text,
            OneLine(source),
            _plan.Version,
            _spec.Description is { } description ? OneLine(description) : null,
            instructions,
            _spec.Requirements.Count > 0,
            _context.CodeInContext,
            _context.RemoteUri is { } uri ? OneLine(uri) : null);
    }

    private string DefinitionFolder()
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(_plan.Set.Root), Path.GetFullPath(_definition.Directory)).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? "functions/" + Name : relative;
    }

    // Labels and comments are single lines: runs of control and invisible characters become one space.
    private static string OneLine(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var bad = TextRules.IsInvisibleOrControl(c)
                || (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])))
                || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));
            if (bad)
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString().Trim();
    }

    private int ServeReplicas(TaskSpec serveTask)
    {
        var replicas = serveTask.Replicas ?? 1;
        if (replicas < 0)
        {
            _problems.Add("tasks.serve.replicas", $"replicas is {replicas}; it must be 0 or more.");
        }

        return replicas;
    }
}
