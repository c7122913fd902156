using Scriban.Runtime;

namespace PythonRuntime.Rendering.Model;

/// <summary>Everything the templates of one function see, grouped by template.</summary>
internal sealed record TemplateModel(
    FunctionModel Function,
    DockerfileModel Dockerfile,
    ObjectMetaModel JobMeta,
    JobModel Job,
    PodModel JobPod,
    ContainerModel JobContainer,
    ObjectMetaModel DeploymentMeta,
    DeploymentModel Deployment,
    PodModel DeploymentPod,
    ContainerModel DeploymentContainer,
    ObjectMetaModel ServiceMeta,
    ServiceModel Service,
    ObjectMetaModel BuildMeta,
    JobModel Build,
    PodModel BuildPod,
    ContainerModel BuildContainer)
{
    public ScriptObject ForDockerfile() => Globals(("dockerfile", Dockerfile));

    public ScriptObject ForJob() => Globals(("meta", JobMeta), ("job", Job), ("pod", JobPod), ("container", JobContainer));

    public ScriptObject ForDeployment() =>
        Globals(("meta", DeploymentMeta), ("deployment", Deployment), ("pod", DeploymentPod), ("container", DeploymentContainer));

    public ScriptObject ForService() => Globals(("meta", ServiceMeta), ("service", Service));

    public ScriptObject ForBuildJob() => Globals(("meta", BuildMeta), ("build", Build), ("pod", BuildPod), ("container", BuildContainer));

    private ScriptObject Globals(params (string Name, object Value)[] values)
    {
        var globals = new ScriptObject { ["function"] = Function };
        foreach (var (name, value) in values)
        {
            globals[name] = value;
        }

        return globals;
    }
}
