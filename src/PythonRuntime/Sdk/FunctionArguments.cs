using PythonRuntime.Specs;

namespace PythonRuntime.Sdk;

/// <summary>The arguments of <c>NewFunction</c>, shared by <see cref="Dh"/> and <see cref="Project"/>.</summary>
internal sealed record FunctionArguments(
    string? Name,
    string? Kind,
    string? PythonVersion,
    string? Uuid,
    string? Description,
    IEnumerable<string>? Labels,
    bool Embedded,
    string? CodeSrc,
    string? Code,
    string? Base64,
    string? Handler,
    string? InitFunction,
    string? Lang,
    string? Image,
    string? BaseImage,
    IEnumerable<string>? Requirements,
    IEnumerable<string>? Outputs,
    FunctionTasks? Tasks,
    RunSpec? Run);
