namespace PythonRuntime.Diagnostics;

/// <summary>
/// One problem found in user input, printed as <c>path:line:col: error: field: message</c>.
/// <see cref="Field"/> is the dotted path of the offending value (<c>tasks.job.envs[0].name</c>), or empty
/// when the problem is the file itself.
/// </summary>
public sealed record Diagnostic(SourceLocation Location, string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString() =>
        Field.Length == 0 ? $"{Location}: error: {Message}" : $"{Location}: error: {Field}: {Message}";
}
