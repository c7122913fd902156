using System.Globalization;
using System.Text.Json;
using PythonRuntime.Specs;

namespace PythonRuntime.Bench;

/// <summary>Makes N realistic functions in memory (inline code, so no disk is read), alternating three shapes.</summary>
internal static class GeneratedFunctions
{
    public static DefinitionSet Create(int count)
    {
        var project = new ProjectSpec { Name = "bench", Registry = "127.0.0.1:5000", Namespace = "bench" };
        var functions = new List<FunctionDefinition>(count);
        for (var i = 0; i < count; i++)
        {
            var name = "fn-" + i.ToString("D5", CultureInfo.InvariantCulture);
            functions.Add(new FunctionDefinition(Spec(name, i), Path.Combine("functions", name), null));
        }

        return new DefinitionSet(project, ".", functions);
    }

    private static FunctionSpec Spec(string name, int i)
    {
        var spec = new FunctionSpec
        {
            Name = name,
            PythonVersion = PythonVersion.Python3_11,
            Code = $"def handler(x={i}):\n    return x * 2\n",
            Handler = "main:handler",
            Description = "Generated function " + name,
            Requirements = i % 3 == 0 ? [] : ["requests==2.32.3", "numpy>=1.26"],
            Labels = ["bench"],
            Run = new RunSpec { Parameters = new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(i) } },
        };
        if (i % 3 == 1)
        {
            spec = spec with
            {
                Tasks = new FunctionTasks(
                    new TaskSpec { Instructions = ["apt-get update && apt-get install -y --no-install-recommends curl"] },
                    new TaskSpec
                    {
                        Envs = [new EnvVarSpec("LOG_LEVEL", "info"), new EnvVarSpec("MODE", "batch")],
                        Secrets = ["db"],
                        NodeSelector = [new NodeSelectorEntry("disktype", "ssd")],
                        Resources = new ResourcesSpec(new ResourceRange("250m", "1"), new ResourceRange("256Mi", "1Gi"), ResourceRange.None, ResourceRange.None),
                    },
                    new TaskSpec { Replicas = 2, ServiceType = ServiceType.ClusterIP }),
            };
        }

        return spec;
    }
}
