namespace PythonRuntime.Rendering.Templates;

/// <summary>The template file names; an override folder uses the same names.</summary>
internal static class TemplateNames
{
    public const string Dockerfile = "Dockerfile.sbn";
    public const string Job = "job.yaml.sbn";
    public const string Deployment = "deployment.yaml.sbn";
    public const string Service = "service.yaml.sbn";
    public const string BuildJob = "build-job.yaml.sbn";

    public static IReadOnlyList<string> All { get; } = [Dockerfile, Job, Deployment, Service, BuildJob];
}
