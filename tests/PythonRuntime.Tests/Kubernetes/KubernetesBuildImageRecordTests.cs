using System.Text.Json;
using System.Text.Json.Nodes;
using PythonRuntime.Execution;
using PythonRuntime.Images;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Tests.Kubernetes.TestDouble;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>An in-cluster build records its image in the store as a local docker build does, and the run points at it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class KubernetesBuildImageRecordTests
{
    private static readonly string Digest = "sha256:" + new string('e', 64);

    private static RunRequest Build { get; } = new() { Action = TaskAction.Build, Executor = RunExecutor.Kubernetes };

    private static ProjectSpec Project => KubernetesServeRunTests.Project;

    [Test]
    public async Task A_build_records_repository_content_tag_commit_tag_and_digest_and_outputs_the_image_key(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Digest + "\n", "INFO Pushed\n");
        using var repo = new TempRepository();
        var function = Words(repo, "def handler(text):\n    return len(text.split())\n");
        var commit = await CommitAsync(repo);
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() }, cancellationToken);

        var run = await service.RunAsync(function, Project, Build, cancellationToken);

        Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
        var key = EntityKey.Parse(run.Outputs["image"]);
        var image = await service.Store.GetImageAsync(key, cancellationToken);
        Assert.That(key.ToString(), Does.StartWith("store://demo/image/words:"));
        Assert.That(image.Repository, Is.EqualTo("127.0.0.1:5000/demo-words"));
        Assert.That(image.ContentTag, Is.EqualTo(await ExpectedContentTagAsync(repo, function, cancellationToken)), "the content tag of the rendered Dockerfile and context, as ImageBuilder computes it");
        Assert.That(image.CommitTag, Is.EqualTo(commit));
        Assert.That(image.ImageId, Is.EqualTo(Digest), "no local image id: the digest stands in");
        Assert.That(image.Digest, Is.EqualTo(Digest));
        Assert.That(image.RunId, Is.EqualTo(run.Id));
        Assert.That(JsonNode.Parse(image.InputsJson)!["base_image_id"], Is.Null);
        Assert.That(image.Reference, Is.EqualTo("127.0.0.1:5000/demo-words@" + Digest));
        Assert.That((await service.Store.LatestImageAsync("demo", "words", cancellationToken))!.Id, Is.EqualTo(image.Id));

        Assert.That(run.Results["image"].GetString(), Is.EqualTo(image.Reference));
        Assert.That(run.Results["digest"].GetString(), Is.EqualTo(Digest));
        Assert.That(run.Results["content_tag"].GetString(), Is.EqualTo(image.ContentTag));
        Assert.That(run.Results["commit_tag"].GetString(), Is.EqualTo(commit));
        Assert.That(run.Results["built"].ValueKind, Is.EqualTo(JsonValueKind.True));
        Assert.That(run.Results["reason"].GetString(), Does.Contain($"Job words-build-{run.Id[..8]}"));

        // Kaniko pushes the content tag and the commit tag (instead of the template's default tag), so the registry holds what the store records.
        var job = JsonNode.Parse(bed.Api.Requests.Single(r => r.Method == "PATCH" && r.Path.Contains("/jobs/", StringComparison.Ordinal)).Body)!;
        var args = job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.That(args.Where(a => a.StartsWith("--destination=", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            $"--destination=127.0.0.1:5000/demo-words:{image.ContentTag}",
            $"--destination=127.0.0.1:5000/demo-words:{commit}",
        }));
        Assert.That(args, Does.Contain("--digest-file=/dev/termination-log"));
    }

    [Test]
    public async Task The_content_tag_stays_for_unchanged_code_across_runs_and_moves_when_the_code_changes(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Digest, "INFO Pushed\n");
        using var repo = new TempRepository();
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() }, cancellationToken);

        var first = await service.RunAsync(Words(repo, "def handler():\n    return 1\n"), Project, Build, cancellationToken);
        var second = await service.RunAsync(Words(repo, "def handler():\n    return 1\n"), Project, Build, cancellationToken);
        var third = await service.RunAsync(Words(repo, "def handler():\n    return 2\n"), Project, Build, cancellationToken);

        Assert.That(new[] { first, second, third }.Select(r => r.State), Is.All.EqualTo(RunState.Completed));
        Assert.That(second.Results["content_tag"].GetString(), Is.EqualTo(first.Results["content_tag"].GetString()), "another run id does not change the image inputs");
        Assert.That(third.Results["content_tag"].GetString(), Is.Not.EqualTo(first.Results["content_tag"].GetString()));
        Assert.That(first.Results.ContainsKey("commit_tag"), Is.False, "no git repository, no commit tag");
        Assert.That(second.Outputs["image"], Is.Not.EqualTo(first.Outputs["image"]), "each build is its own record");
        var latest = await service.Store.LatestImageAsync("demo", "words", cancellationToken);
        Assert.That(latest!.Key.ToString(), Is.EqualTo(third.Outputs["image"]));
        Assert.That(latest.CommitTag, Is.Null);
        var job = JsonNode.Parse(bed.Api.Requests.Last(r => r.Method == "PATCH" && r.Path.Contains("/jobs/", StringComparison.Ordinal)).Body)!;
        Assert.That(
            job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()).Where(a => a.StartsWith("--destination=", StringComparison.Ordinal)),
            Is.EqualTo(new[] { $"--destination=127.0.0.1:5000/demo-words:{third.Results["content_tag"].GetString()}" }),
            "without a commit only the content tag is pushed, never a moving 'dev' tag");
    }

    [Test]
    public async Task A_dirty_work_tree_is_tagged_commit_dirty_and_the_clean_commit_tag_is_never_pushed(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds(Digest, "INFO Pushed\n");
        using var repo = new TempRepository();
        Words(repo, "def handler():\n    return 1\n");
        var commit = await CommitAsync(repo);
        var function = Words(repo, "def handler():\n    return 'uncommitted'\n");
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() }, cancellationToken);

        var run = await service.RunAsync(function, Project, Build, cancellationToken);

        Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
        Assert.That(run.Results["commit_tag"].GetString(), Is.EqualTo(commit + "-dirty"));
        var job = JsonNode.Parse(bed.Api.Requests.Single(r => r.Method == "PATCH" && r.Path.Contains("/jobs/", StringComparison.Ordinal)).Body)!;
        var destinations = job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()).Where(a => a.StartsWith("--destination=", StringComparison.Ordinal));
        Assert.That(destinations, Is.EqualTo(new[]
        {
            $"--destination=127.0.0.1:5000/demo-words:{run.Results["content_tag"].GetString()}",
            $"--destination=127.0.0.1:5000/demo-words:{commit}-dirty",
        }));
    }

    [Test]
    public async Task A_failed_build_or_a_missing_digest_records_no_image(CancellationToken cancellationToken)
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.FailsWith(JobEnding.BackoffLimitExceeded, "error pushing image: UNAUTHORIZED", "UNAUTHORIZED\n");
        using var repo = new TempRepository();
        await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = bed.RunOptions() }, cancellationToken);

        var failed = await service.RunAsync(Words(repo, "def handler():\n    return 1\n"), Project, Build, cancellationToken);
        bed.Api.Behaviour = JobBehaviour.Succeeds("not a digest", string.Empty);
        var noDigest = await service.RunAsync(Words(repo, "def handler():\n    return 1\n"), Project, Build, cancellationToken);

        Assert.That(failed.State, Is.EqualTo(RunState.Error));
        Assert.That(noDigest.State, Is.EqualTo(RunState.Error));
        Assert.That(noDigest.Error!.Type, Is.EqualTo("DigestMissing"));
        Assert.That(failed.Outputs, Is.Empty);
        Assert.That(noDigest.Outputs, Is.Empty);
        Assert.That(await service.Store.LatestImageAsync("demo", "words", cancellationToken), Is.Null);
    }

    /// <summary>ImageBuilder's computation on an independent render (another run id, no cluster options): no local base image id, no build arguments.</summary>
    private static async Task<string> ExpectedContentTagAsync(TempRepository repo, FunctionDefinition function, CancellationToken cancellationToken)
    {
        var rendered = (await new ArtifactRenderer().RenderAsync(
            new DefinitionSet(Project, repo.Root, [function]),
            new RenderOptions { Namespace = "demo", Commit = await GitRevision.CurrentCommitAsync(repo.Root, cancellationToken) },
            cancellationToken)).Functions[0];
        return ImageInputs.From(rendered, baseImageId: null, ImageBuilder.BuildArguments(pipIndexUrl: null)).ContentTag;
    }

    private static async Task<string> CommitAsync(TempRepository repo)
    {
        foreach (var arguments in new[] { new[] { "init", "--quiet" }, ["add", "--all"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "first"] })
        {
            var result = await ChildProcess.RunAsync("git", ["-C", repo.Root, .. arguments]);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
        }

        return (await ChildProcess.RunAsync("git", ["-C", repo.Root, "rev-parse", "HEAD"])).StandardOutput.Trim();
    }

    private static FunctionDefinition Words(TempRepository repo, string code)
    {
        var folder = Path.Combine(repo.Root, "functions", "words");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "main.py"), code);
        return new FunctionDefinition(new FunctionSpec { Name = "words", PythonVersion = PythonVersion.Python3_11, CodeSrc = "main.py", Handler = "main:handler" }, folder, null);
    }
}
