using k8s.Models;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>A serve Deployment and Service like the rendered ones, for the serve runner tests.</summary>
internal static class ServeObjects
{
    public const string Image = "127.0.0.1:5000/demo-api@sha256:0000000000000000000000000000000000000000000000000000000000000001";

    public static V1Deployment Deployment(string name = "api", int replicas = 2) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "demo", Labels = Labels(name) },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            ProgressDeadlineSeconds = 600,
            Selector = new V1LabelSelector { MatchLabels = Selector(name) },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = Selector(name) },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "function", Image = Image }] },
            },
        },
    };

    public static V1Service Service(string type, string name = "api") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "demo", Labels = Labels(name) },
        Spec = new V1ServiceSpec
        {
            Type = type,
            Selector = Selector(name),
            Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "http" }],
        },
    };

    private static Dictionary<string, string> Selector(string name) => new()
    {
        ["app.kubernetes.io/name"] = name,
        ["app.kubernetes.io/instance"] = name,
        ["app.kubernetes.io/component"] = "serve",
    };

    private static Dictionary<string, string> Labels(string name) => new(Selector(name)) { ["app.kubernetes.io/managed-by"] = "pythonruntime" };
}
