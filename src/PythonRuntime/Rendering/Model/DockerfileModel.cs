namespace PythonRuntime.Rendering.Model;

/// <summary>
/// The Dockerfile's variable parts (<c>dockerfile</c> in the template). The image layout (paths, user,
/// entry point) is fixed by <see cref="ImageLayout"/> and written literally in the template.
/// </summary>
internal sealed record DockerfileModel(
    string BaseImage,
    string Source,
    string Revision, // not in the built-in Dockerfile (the build adds the label); kept for template overrides
    string? Description,
    IReadOnlyList<string> Instructions,
    bool HasRequirements,
    bool CodeInContext,
    string? RemoteCode)
{
    public bool HasInstructions => Instructions.Count > 0;
}
