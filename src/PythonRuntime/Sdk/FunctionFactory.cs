using System.Text.RegularExpressions;
using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;
using PythonRuntime.Specs;
using PythonRuntime.Validation;

namespace PythonRuntime.Sdk;

/// <summary>
/// Makes a <see cref="Function"/> from SDK arguments: builds the spec, runs the same
/// <see cref="FunctionValidator"/> as the definition loader and throws one
/// <see cref="PythonRuntimeException"/> listing every problem (located at <c>&lt;sdk&gt;</c>).
/// </summary>
internal static class FunctionFactory
{
    public static Function Create(FunctionArguments arguments, string? project, Project? owner, string directory)
    {
        var diagnostics = new DiagnosticBag();
        var scope = new ValidationScope(diagnostics, SourceMap.Sdk, SdkFieldNames.Display);
        if (string.IsNullOrEmpty(arguments.Name))
        {
            scope.Error("name", "is required; use a lowercase DNS-1123 label such as 'hello-world'.");
        }

        if (string.IsNullOrEmpty(arguments.Kind))
        {
            scope.Error("kind", "is required; use 'python'.");
        }

        var version = PythonVersion.Python3_11;
        if (string.IsNullOrEmpty(arguments.PythonVersion))
        {
            scope.Error("python_version", $"is required; use one of: {string.Join(", ", PythonVersions.Names)}.");
        }
        else if (!PythonVersions.TryParse(arguments.PythonVersion, out version))
        {
            scope.Error("python_version", $"'{Text.Clip(arguments.PythonVersion)}' is not allowed; use one of: {string.Join(", ", PythonVersions.Names)}.");
        }

        var spec = new FunctionSpec
        {
            Project = project,
            Name = arguments.Name ?? string.Empty,
            Kind = arguments.Kind ?? "python",
            Uuid = arguments.Uuid,
            Description = arguments.Description,
            Labels = Copy(arguments.Labels, "labels", scope) ?? [],
            Embedded = arguments.Embedded,
            CodeSrc = arguments.CodeSrc,
            Code = arguments.Code,
            Base64 = arguments.Base64,
            Handler = arguments.Handler,
            InitFunction = arguments.InitFunction,
            PythonVersion = version,
            Lang = arguments.Lang,
            Image = arguments.Image,
            BaseImage = arguments.BaseImage,
            Requirements = Copy(arguments.Requirements, "requirements", scope) ?? [],
            Outputs = Copy(arguments.Outputs, "outputs", scope),
            Tasks = arguments.Tasks ?? FunctionTasks.None,
            Run = arguments.Run ?? RunSpec.Empty,
        };
        try
        {
            FunctionValidator.Validate(spec, new FunctionContext(owner?.Spec, directory), scope);
        }
        catch (RegexMatchTimeoutException)
        {
            // As in the loader: a rule that ran out of time is reported, never thrown as a crash.
            diagnostics.Error(SourceLocation.Sdk, string.Empty, "could not be checked within the time limit of the validation rules; shorten unusually long values and try again.");
        }

        diagnostics.ThrowIfErrors();
        return new Function(spec, directory, owner);
    }

    private static IReadOnlyList<string>? Copy(IEnumerable<string>? values, string field, ValidationScope scope)
    {
        if (values is null)
        {
            return null;
        }

        // Copy so later changes to the caller's collection cannot bypass validation.
        var copy = values.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null)
            {
                scope.Error(FieldPath.Index(field, i), "is null; give a string.");
            }
        }

        return copy.Where(value => value is not null).ToArray();
    }
}
