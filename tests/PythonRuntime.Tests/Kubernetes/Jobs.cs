using k8s.Models;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>Typed objects as the renderer produces them, for the tests.</summary>
internal static class Jobs
{
    public const string SecretValue = "s3cr3t-Value-that-must-never-travel";

    /// <summary>A Job like the rendered one: unique name per run, run-id label, env with a secretKeyRef and a secret volume.</summary>
    public static V1Job Hello(string runId = "r1") => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta
        {
            Name = $"hello-{runId}",
            NamespaceProperty = "demo",
            Labels = new Dictionary<string, string>
            {
                ["app.kubernetes.io/name"] = "hello",
                ["app.kubernetes.io/managed-by"] = "pythonruntime",
                ["pythonruntime.io/run-id"] = runId,
            },
        },
        Spec = new V1JobSpec
        {
            BackoffLimit = 0,
            ActiveDeadlineSeconds = 600,
            TtlSecondsAfterFinished = 86400,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "function",
                            Image = "registry.example:5000/demo/hello@sha256:" + new string('a', 64),
                            Env =
                            [
                                new V1EnvVar { Name = "GREETING", Value = "hi" },
                                new V1EnvVar
                                {
                                    Name = "DB_PASSWORD",
                                    ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "etl-db", Key = "password" } },
                                },
                            ],
                            VolumeMounts = [new V1VolumeMount { Name = "secret-0", MountPath = "/var/run/secrets/pythonruntime/etl-db", ReadOnlyProperty = true }],
                            TerminationMessagePath = "/dev/termination-log",
                            TerminationMessagePolicy = "FallbackToLogsOnError",
                        },
                    ],
                    Volumes = [new V1Volume { Name = "secret-0", Secret = new V1SecretVolumeSource { SecretName = "etl-db", DefaultMode = 288 } }],
                },
            },
        },
    };

    public static V1Deployment Api() => new()
    {
        Metadata = new V1ObjectMeta { Name = "api", Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "api" } },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "api" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "api" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "function", Image = "registry.example:5000/demo/api:1" }] },
            },
        },
    };

    public static V1Service ApiService() => new()
    {
        Metadata = new V1ObjectMeta { Name = "api" },
        Spec = new V1ServiceSpec
        {
            Type = "NodePort",
            Selector = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "api" },
            Ports = [new V1ServicePort { Port = 8080, TargetPort = 8080 }],
        },
    };
}
