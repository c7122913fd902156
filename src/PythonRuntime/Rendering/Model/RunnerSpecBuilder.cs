using System.Text.Json;
using PythonRuntime.Execution;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Rendering.Model;

/// <summary>
/// Builds <c>PYTHONRUNTIME_SPEC</c> for a container with the same <see cref="Execution.RunnerSpec"/> the local
/// executor writes, so a function is told the same things everywhere. Maps are put in key order so the same run
/// always gives the same bytes. Keys are written only when their ids are store ids (the executor passes them);
/// a plain render leaves them out.
/// </summary>
internal static class RunnerSpecBuilder
{
    public const string Host = "0.0.0.0";

    /// <summary>Where a job finds its inputs; whoever starts the pod puts each artifact there (not done at render time).</summary>
    public const string InputDirectory = "/tmp/pythonruntime/inputs";

    public static string Write(
        string project,
        string function,
        string? versionId,
        string runId,
        string? codeSrc,
        FunctionSpec spec,
        RunSpec run,
        IReadOnlyDictionary<string, RunnerInput> inputs,
        bool serve)
    {
        var runnerSpec = new RunnerSpec
        {
            Project = project,
            Function = function,
            FunctionKey = versionId is not null && EntityNames.IsId(versionId) ? new EntityKey(project, EntityKind.Function, function, versionId).ToString() : null,
            RunId = runId,
            RunKey = EntityNames.IsId(runId) ? new EntityKey(project, EntityKind.Run, function, runId).ToString() : null,
            CodeDirectory = ImageLayout.CodeDirectory,
            CodeSrc = codeSrc,
            Handler = spec.Handler ?? string.Empty,
            InitFunction = spec.InitFunction,
            InitParameters = Sorted(run.InitParameters),
            Parameters = serve ? new Dictionary<string, JsonElement>() : Sorted(run.Parameters),
            Inputs = serve ? new Dictionary<string, RunnerInput>() : inputs,
            Outputs = spec.Outputs,
            OutputDirectory = ImageLayout.OutputDirectory,
            Host = serve ? Host : null,
            Port = serve ? ImageLayout.HttpPort : null,
            HealthPort = serve ? ImageLayout.HealthPort : null,
        };
        return runnerSpec.ToJson();
    }

    private static Dictionary<string, TValue> Sorted<TValue>(IReadOnlyDictionary<string, TValue> values) =>
        values.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
}
