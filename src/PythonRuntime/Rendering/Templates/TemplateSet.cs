namespace PythonRuntime.Rendering.Templates;

/// <summary>The five templates one render uses: overrides where a folder has them, built-ins elsewhere.</summary>
internal sealed record TemplateSet(
    ParsedTemplate Dockerfile,
    ParsedTemplate Job,
    ParsedTemplate Deployment,
    ParsedTemplate Service,
    ParsedTemplate BuildJob);
