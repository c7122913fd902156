using System.Diagnostics;
using System.Text.Json;
using PythonRuntime.Execution.Http;
using PythonRuntime.Images;
using PythonRuntime.Specs;
using PythonRuntime.Store;
using PythonRuntime.Tests.Images;

namespace PythonRuntime.Tests.Reliability.Secrets;

/// <summary>
/// The secrets canary (F29) on the Docker paths: a build pushed with registry credentials, a docker job and a docker
/// service with an invoke, all using task secrets whose local values come from <c>secrets.local.yaml</c> and
/// <c>PYTHONRUNTIME_SECRET_DB__password</c>. Afterwards no value (nor the registry password) is in the image's history,
/// config or layer files, the registry's blobs, the containers' <c>docker inspect</c> (secrets are files mounted under
/// /var/run/secrets/pythonruntime, never environment variables), the build folder, the store, the logs, or a leftover
/// secret folder. <c>DOCKER_CONFIG</c> points at a temp folder for the test: that is docker's own credential store,
/// where the login belongs; the test asserts it is used and that no docker config lands in the repository.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DockerSecretCanaryTests
{
    private const string JobCode = """
        import hashlib, os, time

        def _read(name, key):
            with open(os.path.join(os.environ.get("PYTHONRUNTIME_SECRETS_DIR", "/var/run/secrets/pythonruntime"), name, key)) as f:
                return f.read()

        def _sha(text):
            return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

        def handler(token_sha, password_sha):
            token, password = _read("api-token", "token"), _read("db", "password")
            time.sleep(4)
            print("checked", len(token) + len(password), "secret characters")
            return _sha(token) == token_sha and _sha(password) == password_sha
        """;

    private const string ServeCode = """
        import os

        def _read(name, key):
            with open(os.path.join(os.environ.get("PYTHONRUNTIME_SECRETS_DIR", "/var/run/secrets/pythonruntime"), name, key)) as f:
                return f.read()

        def init(context):
            context.token = _read("api-token", "token")

        def handler(context, event):
            token = _read("api-token", "token")
            return {"same": token == context.token and token.startswith("canary-"), "length": len(token + _read("db", "password"))}
        """;

    private static readonly string[] Variables = ["DOCKER_CONFIG", RegistryLogin.UserVariable, RegistryLogin.PasswordVariable, "PYTHONRUNTIME_SECRET_DB__password"];

    [Test]
    [CancelAfter(900_000)]
    public async Task Secret_values_and_the_registry_password_appear_in_no_image_layer_registry_blob_container_or_state_of_the_docker_paths(CancellationToken cancellationToken)
    {
        var token = new SecretCanary("docker-token");
        var password = new SecretCanary("docker-password");
        var registryPassword = new SecretCanary("registry-password");

        // Not a secret: a value written into the job's code, which the search must find in the image's layers and the registry.
        var control = new SecretCanary("code-control");
        var dockerConfig = Directory.CreateTempSubdirectory("pyrt-docker-config-").FullName;
        var scratch = Directory.CreateTempSubdirectory("pyrt-canary-images-").FullName;
        var saved = Variables.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", dockerConfig);
            Environment.SetEnvironmentVariable(RegistryLogin.UserVariable, "canary-user");
            Environment.SetEnvironmentVariable(RegistryLogin.PasswordVariable, registryPassword.Value);
            Environment.SetEnvironmentVariable("PYTHONRUNTIME_SECRET_DB__password", password.Value);
            await using var fixture = await DockerFixture.CreateAsync();
            var secretsFile = fixture.Repository.WriteFile("secrets.local.yaml", $"api-token:\n  token: {token.Value}\n");
            var secrets = new TaskSpec { Secrets = ["api-token", "db"] };
            var job = fixture.Function("secretive", $"# {control.Value}\n{JobCode}", spec => spec with { Outputs = ["matches"], Tasks = new FunctionTasks(null, secrets, null) });
            var served = fixture.Function("secret-service", ServeCode, spec => spec with { InitFunction = "init", Tasks = new FunctionTasks(null, null, secrets) });
            await using var pushing = await fixture.ServiceAsync(push: true);

            // Build and push (docker login with the registry password first), then a job watched while it runs.
            var build = await fixture.RunAsync(job, TaskAction.Build, service: pushing);
            Assert.That(build.State, Is.EqualTo(RunState.Completed), build.Error?.Message);
            var image = await fixture.Service.Store.GetImageAsync(EntityKey.Parse(build.Outputs["image"]), cancellationToken);
            Assert.That(image.Digest, Does.StartWith("sha256:"), "pushed");
            var jobRun = fixture.RunAsync(job, TaskAction.Job, new { token_sha = $"sha256:{token.Sha256}", password_sha = $"sha256:{password.Sha256}" });
            var jobContainer = await InspectRunningAsync(fixture.Project.Name, "secretive", jobRun, cancellationToken);
            var jobRecord = await jobRun;
            Assert.That(jobRecord.State, Is.EqualTo(RunState.Completed), jobRecord.Error?.Message);
            Assert.That(jobRecord.Results["matches"].GetBoolean(), Is.True, "the handler read both secret values from the mounted files");

            // A service with an invoke, inspected while it runs, then stopped.
            var serve = await fixture.RunAsync(served, TaskAction.Serve);
            string serveContainer;
            try
            {
                Assert.That(serve.State, Is.EqualTo(RunState.Running), serve.Error?.Message);
                serveContainer = await InspectAsync(await ContainerIdsAsync($"label=pythonruntime.io/run-id={serve.Id}", cancellationToken) is [var id] ? id : throw new AssertionException("the service container is not running"));
                var response = await fixture.Service.InvokeAsync(serve.Id, new InvokeRequest { Method = "POST", Json = JsonDocument.Parse("{}").RootElement }, cancellationToken);
                Assert.That(response.Status, Is.EqualTo(200), response.Text);
                Assert.That(response.Text, Does.Contain("\"same\":true").Or.Contain("\"same\": true"), "the service read the value at init and per request");
            }
            finally
            {
                await fixture.Service.StopAsync(serve.Id, cancellationToken);
            }

            var servedImage = await fixture.Service.Store.LatestImageAsync(fixture.Project.Name, "secret-service", cancellationToken);
            Assert.That(servedImage, Is.Not.Null);
            foreach (var container in new[] { jobContainer, serveContainer })
            {
                Assert.That(container, Does.Contain("/var/run/secrets/pythonruntime"), "the secrets are a mount");
            }

            var state = Path.Combine(fixture.Repository.Root, ".pythonruntime");
            var sources = new List<SearchSource>
            {
                SearchSource.Files("repository (build folders .pythonruntime/images, store.db, WAL, logs, artifacts)", fixture.Repository.Root, secretsFile),
                SearchSource.Text("run log", [.. fixture.Log.Lines]),
                SearchSource.Text("docker inspect of the running job and service containers (Config.Env, Mounts, Labels)", jobContainer, serveContainer),
                new SearchSource("leftover secret folders", () => Directory.EnumerateDirectories(Path.GetTempPath(), "pythonruntime-secrets-*").SelectMany(folder => SearchSource.Files(folder, folder).Items())),
            };
            foreach (var reference in new[] { $"{image.Repository}:{image.ContentTag}", $"{servedImage!.Repository}:{servedImage.ContentTag}" })
            {
                sources.Add(await DockerLeakSources.CommandAsync($"docker history --no-trunc {reference}", "history", "--no-trunc", reference));
                sources.Add(await DockerLeakSources.CommandAsync($"docker inspect {reference} (env, labels, config)", "image", "inspect", reference));
                var folder = Directory.CreateDirectory(Path.Combine(scratch, Guid.NewGuid().ToString("N"))).FullName;
                sources.Add(await DockerLeakSources.SavedImageAsync(reference, folder));
            }

            sources.Add(await DockerLeakSources.RegistryBlobsAsync(image.Repository, image.ContentTag, Directory.CreateDirectory(Path.Combine(scratch, "registry")).FullName));

            var search = sources.ToArray();
            Assert.That(token.FindIn(search).Concat(password.FindIn(search)).Concat(registryPassword.FindIn(search)), Is.Empty);
            Assert.That(SecretCanary.Count(search), Is.GreaterThan(1000), "the search covered the layers' files");
            Assert.That(token.FindIn(SearchSource.Files("control", fixture.Repository.Root)), Has.One.Contains("secrets.local.yaml"), "the search finds a value where it is");
            var controlFound = control.FindIn(search);
            Assert.That(controlFound, Has.Some.StartsWith("files of the layers of").And.Some.StartsWith("registry blobs of"), "the search reads the layers' files and the registry's blobs: " + string.Join("; ", controlFound));
            Assert.That(jobContainer, Does.Contain("PYTHONRUNTIME_SECRETS_DIR=/var/run/secrets/pythonruntime"), "the inspect searched shows Config.Env");

            // docker login wrote its credentials to the DOCKER_CONFIG given, and nowhere in the repository or the state folder.
            Assert.That(File.ReadAllText(Path.Combine(dockerConfig, "config.json")), Does.Contain(fixture.Environment.Registry), "the login went to docker's own credential store");
            Assert.That(Directory.EnumerateFiles(fixture.Repository.Root, "config.json", SearchOption.AllDirectories), Is.Empty);
            Assert.That(Directory.Exists(Path.Combine(state, "images")), Is.True, "the build folder was searched");
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            Directory.Delete(dockerConfig, recursive: true);
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Waits for the container of <paramref name="function"/> to run and returns its <c>docker inspect</c>.</summary>
    private static async Task<string> InspectRunningAsync(string project, string function, Task run, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var ids = await ContainerIdsAsync($"label=app.kubernetes.io/part-of={project}", cancellationToken, $"label=app.kubernetes.io/name={function}");
            if (ids.Count == 1)
            {
                return await InspectAsync(ids[0]);
            }

            Assert.That(run.IsCompleted, Is.False, "the job ended before its container was seen");
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromMinutes(5)), "the job's container never ran");
            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<IReadOnlyList<string>> ContainerIdsAsync(string filter, CancellationToken cancellationToken, params string[] more)
    {
        var arguments = new List<string> { "ps", "--quiet", "--no-trunc", "--filter", filter };
        foreach (var extra in more)
        {
            arguments.AddRange(["--filter", extra]);
        }

        var result = await new DockerCli().RunAsync(arguments, cancellationToken: cancellationToken);
        Assert.That(result.Succeeded, Is.True, result.Text);
        return result.Lines.Where(line => line.Trim().Length > 0).ToArray();
    }

    private static async Task<string> InspectAsync(string id)
    {
        var result = await new DockerCli().RunAsync(["container", "inspect", id]);
        Assert.That(result.Succeeded, Is.True, result.Text);
        return result.Text;
    }
}
