using PythonRuntime.Diagnostics;
using PythonRuntime.Sdk;
using PythonRuntime.Specs;
using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Sdk;

/// <summary><c>Dh.GetProject</c> and <c>project.NewFunction</c>: functions that belong to the repository's project.</summary>
[TestFixture]
public sealed class ProjectTests
{
    [Test]
    public void GetProject_opens_the_repository_project()
    {
        var project = Dh.GetProject(TestPaths.RepoRoot);
        Assert.That(project.Name, Is.EqualTo("demo"));
        Assert.That(project.Root, Is.EqualTo(TestPaths.RepoRoot));
        Assert.That(project.Spec.Profiles.Keys, Does.Contain("small"));
    }

    [Test]
    public void NewFunction_reads_code_from_the_functions_folder_and_knows_the_profiles()
    {
        var project = Dh.GetProject(TestPaths.RepoRoot);

        var function = project.NewFunction(
            name: "word-count",
            kind: "python",
            pythonVersion: "PYTHON3_11",
            codeSrc: "main.py",
            handler: "main:count_words",
            tasks: new FunctionTasks(null, new TaskSpec { Profile = "small" }, null));

        Assert.That(function.Project, Is.SameAs(project));
        Assert.That(function.ProjectName, Is.EqualTo("demo"));
        Assert.That(function.Spec.Project, Is.Null, "a function of a project does not name it");
        Assert.That(function.Directory, Is.EqualTo(Path.Combine(TestPaths.RepoRoot, "functions", "word-count")));
    }

    [Test]
    public void NewFunction_reports_unknown_profiles_with_a_hint()
    {
        var project = Dh.GetProject(TestPaths.RepoRoot);
        var error = Assert.Throws<PythonRuntimeException>(() => project.NewFunction(
            name: "hello", kind: "python", pythonVersion: "PYTHON3_11", code: "x = 1", handler: "h",
            tasks: new FunctionTasks(null, null, new TaskSpec { Profile = "smal" })));
        Assert.That(error!.Diagnostics.Single().ToString(), Is.EqualTo("<sdk>: error: tasks.serve.profile: 'smal' is not a profile in project.yaml; Did you mean 'small'? use one of: large, small."));
    }

    [Test]
    public void A_project_made_in_code_is_validated_like_project_yaml()
    {
        using var dir = new TempFolder();
        var error = Assert.Throws<PythonRuntimeException>(() => new Project(new ProjectSpec { Name = "Demo", Registry = "https://r.example.com", Templates = "missing" }, dir.Path));
        Assert.That(error!.Diagnostics.Select(d => d.Field), Is.EquivalentTo(new[] { "name", "registry", "templates" }));

        var project = new Project(new ProjectSpec { Name = "demo" }, dir.Path);
        Assert.That(project.FunctionsDirectory, Is.EqualTo(Path.Combine(dir.Path, "functions")));
    }

    [Test]
    public void GetFunction_loads_a_definition_file()
    {
        var function = Dh.GetProject(TestPaths.RepoRoot).GetFunction("greeter");
        Assert.That(function.Spec.InitFunction, Is.EqualTo("init"));
        Assert.That(function.File, Is.EqualTo("functions/greeter/function.yaml"));
        Assert.That(function.ProjectName, Is.EqualTo("demo"));
    }

    [Test]
    public void GetProject_reports_a_missing_project_file()
    {
        using var dir = new TempFolder();
        var error = Assert.Throws<PythonRuntimeException>(() => Dh.GetProject(dir.Path));
        Assert.That(error!.Diagnostics.Single().ToString(), Does.StartWith("project.yaml: error: was not found in"));
    }
}
