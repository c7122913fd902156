using System.Text.Json;
using PythonRuntime.Execution;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Tests.Kubernetes;
using PythonRuntime.Tests.Kubernetes.TestDouble;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability.Secrets;

/// <summary>
/// The secrets canary (reliability bar §2.9, F29) on every path that needs no Docker: unique values planted in
/// <c>secrets.local.yaml</c> and in <c>PYTHONRUNTIME_SECRET_&lt;NAME&gt;__&lt;KEY&gt;</c>, used by handlers that read them
/// and never print them, through Render, a local job, a local service with an invoke, and a Kubernetes job against the
/// API test double. Afterwards the values are in no rendered file, log, run record, store file (database and WAL
/// bytes), artifact, result file, console output, leftover secret folder or request the test double received.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SecretCanaryTests
{
    private const string JobCode = """
        import hashlib, os

        def _read(name, key):
            with open(os.path.join(os.environ["PYTHONRUNTIME_SECRETS_DIR"], name, key)) as f:
                return f.read()

        def _sha(text):
            return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

        def handler(token_sha, password_sha):
            token, password = _read("api-token", "token"), _read("db", "password")
            print("checked", len(token) + len(password), "secret characters")
            return _sha(token) == token_sha and _sha(password) == password_sha, {"combined": _sha(token + password)}
        """;

    private const string ServeCode = """
        import os

        def _read(name, key):
            with open(os.path.join(os.environ["PYTHONRUNTIME_SECRETS_DIR"], name, key)) as f:
                return f.read()

        def init(context):
            context.token = _read("api-token", "token")

        def handler(context, event):
            token = _read("api-token", "token")
            return {"same": token == context.token and token.startswith("canary-"), "length": len(token + _read("db", "password"))}
        """;

    [Test]
    public async Task Secret_values_appear_in_no_output_of_render_a_local_job_and_a_local_service()
    {
        var token = new SecretCanary("token");
        var password = new SecretCanary("password");
        using var repo = new TempRepository("name: demo\nregistry: 127.0.0.1:5000\n");
        var secretsFile = repo.WriteFile("secrets.local.yaml", $"api-token:\n  token: {token.Value}\n");
        repo.AddFunction("secretive", "name: secretive\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\noutputs: [matches, digest]\ntasks:\n  job: {secrets: [api-token, db]}\n");
        repo.WriteFile("functions/secretive/main.py", JobCode);
        repo.AddFunction("secret-service", "name: secret-service\nkind: python\npython_version: PYTHON3_11\ncode_src: main.py\nhandler: main:handler\ninit_function: init\ntasks:\n  serve: {secrets: [api-token, db]}\n");
        repo.WriteFile("functions/secret-service/main.py", ServeCode);
        var environment = new Dictionary<string, string> { ["PYTHONRUNTIME_SECRET_DB__password"] = password.Value };
        var outputs = new List<ProcessResult>();

        async Task<ProcessResult> Host(params string[] arguments)
        {
            var result = await ChildProcess.RunAsync(Repository.PathOf("build.sh"), [.. arguments, $"--working={repo.Root}"], environment: environment);
            outputs.Add(result);
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            return result;
        }

        await Host("--target=Render", "--commit=0123456789abcdef0123456789abcdef01234567");
        await Host("--target=Run", "--function=secretive", "--local", $"--param=token_sha=sha256:{token.Sha256}", $"--param=password_sha=sha256:{password.Sha256}", "--result-file=job.json");
        await Host("--target=Run", "--function=secret-service", "--action=serve", "--local", "--result-file=serve.json");
        var serveId = ReadJson(repo, "serve.json").GetProperty("id").GetString()!;
        await Host("--target=Invoke", $"--run={serveId}", "--json={}", "--result-file=invoke.json");
        await Host("--target=Stop", $"--run={serveId}");
        await Host("--target=Runs");

        Assert.That(ReadJson(repo, "job.json").GetProperty("results").GetProperty("matches").GetBoolean(), Is.True, "the handler read both secret values");
        Assert.That(File.ReadAllText(Path.Combine(repo.Root, "invoke.json")), Does.Contain("\"same\":true").Or.Contain("\"same\": true"), "the service read the value at init and per request");
        var sources = new[]
        {
            SearchSource.Files("repository (rendered files, store.db, WAL, logs, artifacts, result files)", repo.Root, secretsFile),
            SearchSource.Output("build host console", [.. outputs]),
            new SearchSource("leftover secret folders", () => Directory.EnumerateDirectories(Path.GetTempPath(), "pythonruntime-secrets-*").SelectMany(folder => SearchSource.Files(folder, folder).Items())),
        };
        Assert.That(token.FindIn(sources).Concat(password.FindIn(sources)), Is.Empty);
        Assert.That(SecretCanary.Count(sources[0]), Is.GreaterThan(20), "the search covered the rendered files and the store");
        Assert.That(token.FindIn(SearchSource.Files("control", repo.Root)), Has.One.Contains("secrets.local.yaml"), "the search finds a value where it is");
        Assert.That(Directory.EnumerateFiles(Path.Combine(repo.Root, ".pythonruntime"), "store.db*").Count(), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Secret_values_never_reach_the_kubernetes_api_or_the_store_on_a_kubernetes_job(CancellationToken cancellationToken)
    {
        var token = new SecretCanary("k8s-token");
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Behaviour = JobBehaviour.Succeeds("""{"state":"COMPLETED","results":{"length":42},"outputs":[],"error":null}""", "used the token\n");
        using var repo = new TempRepository();
        repo.WriteFile("secrets.local.yaml", $"api-token:\n  token: {token.Value}\n");
        Environment.SetEnvironmentVariable("PYTHONRUNTIME_SECRET_API_TOKEN__EXTRA", token.Value);
        try
        {
            var folder = Path.Combine(repo.Root, "functions", "words");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "main.py"), JobCode);
            var function = new FunctionDefinition(new FunctionSpec
            {
                Name = "words",
                PythonVersion = PythonVersion.Python3_11,
                CodeSrc = "main.py",
                Handler = "main:handler",
                Image = "127.0.0.1:5000/demo-words:v1",
                Tasks = new(null, new() { Secrets = ["api-token"] }, null),
            }, folder, null);
            await using var service = await RunService.OpenAsync(new RunServiceOptions(repo.Root) { Kubernetes = new KubernetesOptions { Kubeconfig = bed.Kubeconfig } }, cancellationToken);

            var run = await service.RunAsync(function, new ProjectSpec { Name = "demo", Namespace = "demo" }, new RunRequest { Action = TaskAction.Job, Executor = RunExecutor.Kubernetes }, cancellationToken);

            Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
            var requests = bed.Api.Requests;
            Assert.That(requests.Where(r => r.Method == "PATCH").Select(r => r.Body), Has.Some.Contains("api-token"), "the pod references the Secret by name");
            var sources = new[]
            {
                new SearchSource("requests the API test double received", () => requests.Select(r => (r.ToString(), System.Text.Encoding.UTF8.GetBytes($"{r.Method} {r.Path}?{r.Query}\n{r.ContentType}\n{r.Authorization}\n{r.Body}")))),
                SearchSource.Files("store and logs", Path.Combine(repo.Root, ".pythonruntime")),
            };
            Assert.That(token.FindIn(sources), Is.Empty);
            Assert.That(SecretCanary.Count(sources[0]), Is.GreaterThan(0));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PYTHONRUNTIME_SECRET_API_TOKEN__EXTRA", null);
        }
    }

    private static JsonElement ReadJson(TempRepository repo, string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Root, file)));
        return document.RootElement.Clone();
    }
}
