using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Reliability.BadInputs;

/// <summary>
/// One broken input of the end-to-end corpus. A case either adds one function folder to a shared repository
/// (<see cref="ProjectLevel"/> false: many such cases are checked by one build host run, because the loader
/// reports every problem of every file in one pass) or needs a repository of its own (a broken project file).
/// </summary>
/// <param name="Name">A unique name, used in messages.</param>
/// <param name="Source">Where the case comes from: <c>fixture</c> (a folder under Fixtures/invalid) or <c>generated</c>.</param>
/// <param name="ProjectLevel">Whether the case needs its own repository.</param>
/// <param name="Materialize">Writes the case into the repository at the given root.</param>
/// <param name="Errors">The diagnostics the build host must print, and the only ones it may print for this case's files.</param>
/// <param name="Files">The repository-relative files (or folders, ending with '/') this case owns: error lines naming them belong to it.</param>
internal sealed record BadInputCase(
    string Name,
    string Source,
    bool ProjectLevel,
    Action<string> Materialize,
    IReadOnlyList<ExpectedError> Errors,
    IReadOnlyList<string> Files)
{
    /// <summary>Gets a value indicating whether more lines with the same messages on other lines may follow (every alias of an alias bomb is reported).</summary>
    public bool RepeatsAllowed { get; init; }

    /// <summary>Gets whether <paramref name="line"/> repeats one of the expected messages when <see cref="RepeatsAllowed"/>.</summary>
    public bool IsAllowedRepeat(HostErrorLine line) =>
        RepeatsAllowed && Errors.Any(e => line.Text.Contains(e.Fragment.Split('\'')[0], StringComparison.Ordinal));

    /// <summary>Gets whether an error line about <paramref name="file"/> belongs to this case.</summary>
    public bool Owns(string file) => Files.Any(owned => owned.EndsWith('/') ? file.StartsWith(owned, StringComparison.Ordinal) : file == owned);

    /// <inheritdoc/>
    public override string ToString() => $"{Source}/{Name}";
}
