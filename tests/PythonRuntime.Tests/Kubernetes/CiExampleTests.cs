namespace PythonRuntime.Tests.Kubernetes;

/// <summary>The copy-ready CI examples keep their promises: the release command, stdin logins, secrets never on a command line.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CiExampleTests
{
    [TestCase("github-actions.yml")]
    [TestCase("gitlab-ci.yml")]
    public void The_ci_example_releases_with_push_and_deploy_and_logs_in_through_stdin(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "ci", file));

        Assert.That(text, Does.Contain("./build.sh --target=Release --push --deploy"));
        Assert.That(text, Does.Contain("docker login \"$REGISTRY_HOST\" --username \"$REGISTRY_USERNAME\" --password-stdin"));
        Assert.That(text, Does.Not.Match(@"--password[ =]|\s-p\s"), "a password on a command line shows in process lists and logs");
        Assert.That(text, Does.Contain("KUBECONFIG"));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PythonRuntime.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("PythonRuntime.sln not found above the test folder.");
    }
}
