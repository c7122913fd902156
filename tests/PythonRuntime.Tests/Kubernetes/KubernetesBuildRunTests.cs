using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using PythonRuntime.Execution;
using PythonRuntime.Kubernetes;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Tests.Kubernetes.TestDouble;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>The in-cluster build: context ConfigMap, Kaniko Job, digest from the termination message.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed class KubernetesBuildRunTests
{
    private static readonly string Digest = "sha256:" + new string('d', 64);

    private static RunRequest Build { get; } = new() { Action = TaskAction.Build, Executor = RunExecutor.Kubernetes };

    [Test]
    public async Task A_build_ships_the_rendered_context_as_a_config_map_and_records_the_pushed_image_by_digest(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Digest + "\n", "INFO Pushed 127.0.0.1:5000/demo-words\n");
        using var repo = new TempRepository();
        var function = Words(repo, "def handler(text):\n    return len(text.split())\n");
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions(registrySecret: "ci-push") }, cancellationToken);

        var run = await service.RunAsync(function, KubernetesServeRunTests.Project, Build, cancellationToken);

        Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
        Assert.That(run.Results["image"].GetString(), Is.EqualTo("127.0.0.1:5000/demo-words@" + Digest));
        Assert.That(run.Results["digest"].GetString(), Is.EqualTo(Digest));

        var short8 = run.Id[..8];
        var configMapName = $"words-build-{short8}-context";
        var configMapApply = bed.Api.Requests.Single(r => r.Method == "PATCH" && r.Path == $"/api/v1/namespaces/demo/configmaps/{configMapName}");
        Assert.That(configMapApply.ContentType, Does.StartWith("application/apply-patch+yaml"));
        Assert.That(configMapApply.Query["fieldManager"], Is.EqualTo("pythonruntime"));
        Assert.That(configMapApply.Query["fieldValidation"], Is.EqualTo("Strict"));
        var body = JsonNode.Parse(configMapApply.Body)!;
        Assert.That(body["metadata"]!["labels"]!["pythonruntime.io/run-id"]!.GetValue<string>(), Is.EqualTo(run.Id));

        // The ConfigMap holds exactly the rendered Dockerfile and context.
        var rendered = (await new ArtifactRenderer().RenderAsync(
            new DefinitionSet(KubernetesServeRunTests.Project, repo.Root, [function]),
            new RenderOptions { RunId = run.Id, Namespace = "demo" },
            cancellationToken)).Functions[0];
        Assert.That(body["data"]!["Dockerfile"]!.GetValue<string>(), Is.EqualTo(rendered.Text("Dockerfile")));
        var unpacked = Unpack(Convert.FromBase64String(body["binaryData"]!["context.tar.gz"]!.GetValue<string>()));
        var expected = rendered.Files
            .Where(f => f.RelativePath.StartsWith("words/context/", StringComparison.Ordinal))
            .ToDictionary(f => f.RelativePath["words/context/".Length..], f => Encoding.UTF8.GetString(f.Content.Span));
        Assert.That(unpacked, Is.EquivalentTo(expected));
        Assert.That(unpacked.Keys, Does.Contain("code/main.py").And.Contain("pythonruntime_runner.py"));

        // The Kaniko Job reads that ConfigMap and the named registry Secret; the ConfigMap is removed afterwards.
        var job = JsonNode.Parse(bed.Api.Requests.Single(r => r.Method == "PATCH" && r.Path.Contains("/jobs/", StringComparison.Ordinal)).Body)!;
        var volumes = job["spec"]!["template"]!["spec"]!["volumes"]!.AsArray();
        Assert.That(volumes.Select(v => v!["configMap"]?["name"]?.GetValue<string>()), Does.Contain(configMapName));
        Assert.That(volumes.Select(v => v!["secret"]?["secretName"]?.GetValue<string>()), Does.Contain("ci-push"));
        Assert.That(job["metadata"]!["name"]!.GetValue<string>(), Is.EqualTo($"words-build-{short8}"));
        Assert.That(bed.Api.Requests.Where(r => r.Method == "DELETE").Select(r => r.Path), Is.EqualTo(new[] { $"/api/v1/namespaces/demo/configmaps/{configMapName}" }));
        Assert.That(bed.Api.Store.Get("configmaps", "demo", configMapName), Is.Null);
        Assert.That(File.ReadAllText(service.Store.LogPath(run.Id)), Does.Contain("Pushed"));
    }

    [Test]
    public async Task A_context_above_the_config_map_limit_is_refused_with_its_size_before_anything_is_applied(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        using var repo = new TempRepository();
        // Random bytes as hex do not compress below half: about 1.2 MB of code stays above the 900 KiB limit.
        var noise = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(1_200_000));
        var function = Words(repo, $"BLOB = '{noise}'\n\ndef handler(text):\n    return len(text)\n");
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() }, cancellationToken);

        var run = await service.RunAsync(function, KubernetesServeRunTests.Project, Build, cancellationToken);

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Message, Does.Match(@"is [\d,]+ bytes compressed").And.Contain("above the 921,600-byte limit").And.Contain("code/main.py").And.Contain("docker executor"));
        Assert.That(bed.Api.Requests.Where(r => r.Method == "PATCH"), Is.Empty);
    }

    [Test]
    public async Task A_failed_push_ends_the_build_in_error_with_the_kaniko_log(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.FailsWith(JobEnding.BackoffLimitExceeded, "error pushing image: UNAUTHORIZED", "error pushing image: UNAUTHORIZED: authentication required\n");
        using var repo = new TempRepository();
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() }, cancellationToken);

        var run = await service.RunAsync(Words(repo, "def handler():\n    return 1\n"), KubernetesServeRunTests.Project, Build, cancellationToken);

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Category, Is.EqualTo("build"));
        Assert.That(run.Error.Message, Does.Contain("backoffLimit=0"));
        Assert.That(File.ReadAllText(service.Store.LogPath(run.Id)), Does.Contain("UNAUTHORIZED"));
        Assert.That(bed.Api.Requests.Count(r => r.Method == "DELETE" && r.Path.Contains("/configmaps/", StringComparison.Ordinal)), Is.EqualTo(1), "the context is removed after a failure too");
    }

    [Test]
    public void The_context_archive_is_the_same_bytes_for_the_same_files()
    {
        var files = new Dictionary<string, ReadOnlyMemory<byte>>
        {
            ["b.txt"] = Encoding.UTF8.GetBytes("b"),
            ["code/a.py"] = Encoding.UTF8.GetBytes("print(1)\n"),
        };
        var first = BuildContextConfigMap.Archive(files);
        Thread.Sleep(1100);
        var second = BuildContextConfigMap.Archive(new Dictionary<string, ReadOnlyMemory<byte>>(files.Reverse()));

        Assert.That(second, Is.EqualTo(first), "no timestamps or order leak into the archive, so a re-apply is a no-op");
        Assert.That(Unpack(first).Keys, Is.EqualTo(new[] { "b.txt", "code/a.py" }));
    }

    private static Dictionary<string, string> Unpack(byte[] archive)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            using var reader = new StreamReader(entry.DataStream!, Encoding.UTF8);
            files[entry.Name] = reader.ReadToEnd();
        }

        return files;
    }

    private static FunctionDefinition Words(TempRepository repo, string code)
    {
        var folder = Path.Combine(repo.Root, "functions", "words");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main.py"), code);
        return new FunctionDefinition(new FunctionSpec { Name = "words", PythonVersion = PythonVersion.Python3_11, CodeSrc = "main.py", Handler = "main:handler" }, folder, null);
    }
}
