using PythonRuntime.Specs;

namespace PythonRuntime.Execution.Python;

/// <summary>
/// A real Python executable (never a version-manager shim) and the version it reported. <see cref="Substituted"/>
/// is true when the function asked for another version that this machine does not have.
/// </summary>
public sealed record PythonInterpreter(string Executable, string Version, PythonVersion Requested, bool Substituted)
{
    /// <summary>Gets the major.minor version, for example <c>3.11</c>.</summary>
    public string MajorMinor => string.Join('.', Version.Split('.').Take(2));
}
