using System.Text.Json;
using PythonRuntime.Specs;

namespace PythonRuntime.Tests.Rendering;

/// <summary>
/// Realistic functions used by the golden and the security tests: the smallest one, a batch job that sets
/// every task parameter, a served function with inline code, and one whose code is remote.
/// </summary>
internal static class Scenarios
{
    public const string Digest = "sha256:4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233445566778899";

    public static IReadOnlyList<string> Names { get; } = ["hello", "etl-job", "api-serve", "remote-code"];

    public static RenderFixture Create(string name)
    {
        var fixture = new RenderFixture();
        switch (name)
        {
            case "hello":
                fixture.AddHello();
                break;
            case "etl-job":
                AddEtl(fixture);
                break;
            case "api-serve":
                AddApi(fixture);
                break;
            case "remote-code":
                AddRemote(fixture);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario.");
        }

        return fixture;
    }

    private static void AddEtl(RenderFixture fixture)
    {
        fixture.Project = fixture.Project with
        {
            BaseImages = new Dictionary<PythonVersion, string> { [PythonVersion.Python3_12] = "registry.example.com/base/python:3.12-bookworm" },
            Defaults = new TaskSpec { Envs = [new EnvVarSpec("TZ", "UTC")] },
        };
        fixture.Options = fixture.Options with
        {
            RunId = "3f2a9c1e7b4d4e8f9a0b123456789abc",
            FunctionVersionIds = new Dictionary<string, string> { ["etl"] = "0a1b2c3d4e5f60718293a4b5c6d7e8f9" },
            Images = new Dictionary<string, string> { ["etl"] = "127.0.0.1:5000/demo-etl@" + Digest },
            SourceUrl = "https://git.example.com/data/pipelines",
        };
        fixture.Add(
            new FunctionSpec
            {
                Name = "etl",
                PythonVersion = PythonVersion.Python3_12,
                CodeSrc = "src",
                Handler = "etl.pipeline:run",
                InitFunction = "init",
                Requirements = ["pandas==2.2.3", "pyarrow>=17,<18"],
                Description = "Nightly load of the raw events into the warehouse",
                Labels = ["data", "nightly"],
                Outputs = ["report"],
                Tasks = new FunctionTasks(
                    Build: new TaskSpec
                    {
                        Instructions = ["apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*"],
                        Resources = new ResourcesSpec(ResourceRange.None, new ResourceRange(null, "6Gi"), ResourceRange.None, ResourceRange.None),
                    },
                    Job: new TaskSpec
                    {
                        Resources = new ResourcesSpec(new ResourceRange("250m", "1"), new ResourceRange("256Mi", "1Gi"), ResourceRange.None, new ResourceRange("1Gi", "4Gi")),
                        NodeSelector = [new NodeSelectorEntry("disktype", "ssd")],
                        Tolerations = [new TolerationSpec("dedicated", "Equal", "etl", "NoSchedule", null)],
                        Affinity = RenderFixture.Json("""
                            {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                              {"weight": 50, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}}]}}
                            """),
                        Envs = [new EnvVarSpec("LOG_LEVEL", "info")],
                        Secrets = ["etl-db"],
                        Volumes =
                        [
                            new VolumeSpec(VolumeType.EmptyDir, "scratch", "/scratch", false, new Dictionary<string, string> { ["size_limit"] = "2Gi" }),
                            new VolumeSpec(VolumeType.PersistentVolumeClaim, "data", "/data", true, new Dictionary<string, string> { ["claim_name"] = "etl-data" }),
                            new VolumeSpec(VolumeType.ConfigMap, "settings", "/etc/etl", true, new Dictionary<string, string>()),
                        ],
                    },
                    Serve: null),
                Run = new RunSpec
                {
                    Parameters = new Dictionary<string, JsonElement> { ["limit"] = RenderFixture.Json("100"), ["date"] = RenderFixture.Json("\"2024-01-01\"") },
                    Inputs = new Dictionary<string, string> { ["source"] = "store://demo/artifact/raw-events:9d1c0a7e5b3f4e2d8c6b4a2f0e1d3c5b" },
                    InitParameters = new Dictionary<string, JsonElement> { ["verbose"] = RenderFixture.Json("true") },
                },
            },
            new Dictionary<string, string>
            {
                ["src/etl/__init__.py"] = string.Empty,
                ["src/etl/pipeline.py"] = "def init(context, verbose=False):\n    pass\n\n\ndef run(date, limit, source):\n    return {'rows': limit}\n",
                ["src/.env"] = "NOT_FOR_THE_IMAGE=1\n",
                ["src/etl/__pycache__/pipeline.cpython-312.pyc"] = "compiled",
            });
    }

    private static void AddApi(RenderFixture fixture)
    {
        fixture.Project = fixture.Project with { PipIndexUrl = "http://127.0.0.1:8081/simple" };
        fixture.Options = fixture.Options with { InsecureRegistry = true, Commit = "v1.4.0" };
        fixture.Add(new FunctionSpec
        {
            Name = "api",
            PythonVersion = PythonVersion.Python3_13,
            BaseImage = "python:3.13-slim",
            CodeSrc = "api.py",
            Base64 = Convert.ToBase64String("def handler(context, event):\n    return {'path': event['path']}\n"u8.ToArray()),
            Handler = "api:handler",
            Tasks = new FunctionTasks(
                Build: null,
                Job: null,
                Serve: new TaskSpec
                {
                    Replicas = 3,
                    ServiceType = ServiceType.ClusterIP,
                    Resources = new ResourcesSpec(new ResourceRange("0.5", null), new ResourceRange(null, "1Gi"), new ResourceRange(null, "1"), ResourceRange.None),
                    Envs = [new EnvVarSpec("WORKERS", "4")],
                }),
        });
    }

    private static void AddRemote(RenderFixture fixture)
    {
        fixture.Options = fixture.Options with { Commit = null };
        fixture.Add(new FunctionSpec
        {
            Name = "remote",
            PythonVersion = PythonVersion.Python3_10,
            CodeSrc = "git+https://git.example.com/org/functions.git#main",
            Handler = "app:main",
            Description = "Code fetched later\nfrom git",
        });
    }
}
