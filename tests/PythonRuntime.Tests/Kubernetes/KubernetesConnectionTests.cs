using k8s;
using PythonRuntime.Diagnostics;
using PythonRuntime.Kubernetes;
using PythonRuntime.Tests.Kubernetes.TestDouble;

namespace PythonRuntime.Tests.Kubernetes;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class KubernetesConnectionTests
{
    [Test]
    public async Task ContextOptionIsUsedWithoutChangingTheCurrentContext()
    {
        await using var api = KubernetesApiTestDouble.Start();
        var folder = Directory.CreateTempSubdirectory("pythonruntime-k8s-").FullName;
        try
        {
            var path = api.WriteKubeconfig(folder, currentContext: "elsewhere");
            var before = await File.ReadAllBytesAsync(path);

            using var connection = KubernetesConnection.Create(new KubernetesConnectionOptions { KubeconfigPath = path, Context = "double", Namespace = "team-a" });
            await connection.Client.CoreV1.ListNamespacedPodAsync(connection.Namespace);

            Assert.Multiple(() =>
            {
                Assert.That(connection.Context, Is.EqualTo("double"));
                Assert.That(connection.Namespace, Is.EqualTo("team-a"));
                Assert.That(api.Requests.Single().Path, Is.EqualTo("/api/v1/namespaces/team-a/pods"));
                Assert.That(api.Requests.Single().Authorization, Is.EqualTo($"Bearer {KubernetesApiTestDouble.Token}"));
                Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "the kubeconfig must not be written");
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task KubeconfigComesFromTheEnvironmentThenTheHomeFolder()
    {
        await using var api = KubernetesApiTestDouble.Start();
        var folder = Directory.CreateTempSubdirectory("pythonruntime-k8s-").FullName;
        try
        {
            var path = api.WriteKubeconfig(folder);
            using (var fromEnvironment = KubernetesConnection.Create(new KubernetesConnectionOptions
            {
                GetEnvironmentVariable = name => name == "KUBECONFIG" ? $"{Path.Combine(folder, "missing")}{Path.PathSeparator}{path}" : null,
                HomeFolder = Path.Combine(folder, "nohome"),
                ProjectNamespace = "from-project",
            }))
            {
                Assert.That(fromEnvironment.Source, Is.EqualTo(path));
                Assert.That(fromEnvironment.Namespace, Is.EqualTo("from-project"));
            }

            var home = Path.Combine(folder, "home");
            Directory.CreateDirectory(Path.Combine(home, ".kube"));
            File.Copy(path, Path.Combine(home, ".kube", "config"));
            using var fromHome = KubernetesConnection.Create(new KubernetesConnectionOptions { GetEnvironmentVariable = _ => null, HomeFolder = home });
            Assert.Multiple(() =>
            {
                Assert.That(fromHome.Source, Is.EqualTo(Path.Combine(home, ".kube", "config")));
                Assert.That(fromHome.Namespace, Is.EqualTo("default"));
                Assert.That(fromHome.Context, Is.EqualTo("double"));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void MissingFilesUnknownContextsAndBadNamespacesAreClearErrors()
    {
        var folder = Directory.CreateTempSubdirectory("pythonruntime-k8s-").FullName;
        try
        {
            var missing = Path.Combine(folder, "nope.yaml");
            var noFile = Assert.Throws<PythonRuntimeException>(() => KubernetesConnection.Create(new KubernetesConnectionOptions { KubeconfigPath = missing }));
            Assert.That(noFile!.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(noFile.Message, Does.Contain($"'{missing}'").And.Contain("--kubeconfig"));

            var nothing = Assert.Throws<PythonRuntimeException>(() => KubernetesConnection.Create(new KubernetesConnectionOptions
            {
                GetEnvironmentVariable = _ => null,
                HomeFolder = folder,
                IsInCluster = () => false,
            }));
            Assert.That(nothing!.ExitCode, Is.EqualTo(ExitCodes.Environment));
            Assert.That(nothing.Message, Does.Contain("KUBECONFIG"));

            var path = Path.Combine(folder, "kubeconfig");
            File.WriteAllText(path, """
                apiVersion: v1
                kind: Config
                current-context: a
                clusters: [{name: a, cluster: {server: "http://127.0.0.1:9"}}]
                users: [{name: a, user: {token: t}}]
                contexts: [{name: a, context: {cluster: a, user: a}}]
                """);
            var unknown = Assert.Throws<PythonRuntimeException>(() => KubernetesConnection.Create(new KubernetesConnectionOptions { KubeconfigPath = path, Context = "prod" }));
            Assert.That(unknown!.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(unknown.Message, Does.Contain("'prod'").And.Contain("get-contexts"));

            var badNamespace = Assert.Throws<PythonRuntimeException>(() => KubernetesConnection.Create(new KubernetesConnectionOptions { KubeconfigPath = path, Namespace = "Team_A" }));
            Assert.That(badNamespace!.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(badNamespace.Message, Does.Contain("'Team_A'").And.Contain("--namespace"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
