using PythonRuntime.Diagnostics;
using PythonRuntime.Sdk;
using PythonRuntime.Specs;
using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Sdk;

/// <summary><c>Dh.NewFunction</c>: the seed's <c>dh.new_function</c>, checked by the same rules as a definition file.</summary>
[TestFixture]
public sealed class DhTests
{
    [Test]
    public void NewFunction_returns_a_validated_function()
    {
        using var dir = new TempFolder();
        dir.Write("main.py", "def handler(name):\n    return 'hello ' + name\n");

        var function = Dh.NewFunction(project: "demo", name: "hello", kind: "python", codeSrc: "main.py", handler: "main:handler", pythonVersion: "PYTHON3_11", directory: dir.Path);

        Assert.That(function.Name, Is.EqualTo("hello"));
        Assert.That(function.Kind, Is.EqualTo("python"));
        Assert.That(function.ProjectName, Is.EqualTo("demo"));
        Assert.That(function.Project, Is.Null);
        Assert.That(function.Spec.Project, Is.EqualTo("demo"));
        Assert.That(function.Spec.PythonVersion, Is.EqualTo(PythonVersion.Python3_11));
        Assert.That(function.Directory, Is.EqualTo(dir.Path));
        Assert.That(function.ToDefinition(), Is.EqualTo(new FunctionDefinition(function.Spec, dir.Path, null)));
        Assert.That(function.ToString(), Is.EqualTo("python function 'demo/hello'"));
    }

    [Test]
    public void NewFunction_reads_a_relative_code_src_from_the_current_directory_by_default()
    {
        var error = Assert.Throws<PythonRuntimeException>(() =>
            Dh.NewFunction(project: "demo", name: "hello", kind: "python", pythonVersion: "PYTHON3_11", codeSrc: "surely-missing-file.py", handler: "h"));
        Assert.That(error!.Diagnostics.Single().Message, Does.Contain($"does not exist in the function folder '{Environment.CurrentDirectory}'"));
    }

    [Test]
    public void NewFunction_requires_the_project()
    {
        var error = Assert.Throws<PythonRuntimeException>(() =>
            Dh.NewFunction(project: null!, name: "hello", kind: "python", pythonVersion: "PYTHON3_11", code: "def h():\n    return 1\n", handler: "h"));
        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition));
        Assert.That(error.Diagnostics.Single().ToString(), Is.EqualTo("<sdk>: error: project: is required for a function created without a project; name the project (for example 'demo')."));
    }

    [Test]
    public void NewFunction_lists_every_problem_with_the_parameter_names()
    {
        var error = Assert.Throws<PythonRuntimeException>(() => Dh.NewFunction(
            project: "Demo",
            name: "Hello",
            kind: "java",
            pythonVersion: "PYTHON2_7",
            codeSrc: "../x.py",
            initFunction: "init-db",
            baseImage: "python:latest",
            requirements: ["--index-url http://evil/simple"],
            tasks: new FunctionTasks(null, new TaskSpec { Replicas = 2, Secrets = ["API_KEY=abc"] }, null)));

        Assert.That(error!.Diagnostics.Select(d => d.Field), Is.EquivalentTo(new[]
        {
            "project", "name", "kind", "pythonVersion", "codeSrc", "handler", "initFunction", "baseImage", "requirements[0]", "tasks.job.replicas", "tasks.job.secrets[0]",
        }));
        Assert.That(error.Diagnostics.All(d => d.Location == SourceLocation.Sdk), Is.True);
        Assert.That(error.Message, Does.StartWith("11 problems found in the definitions:"));
        Assert.That(error.Message, Does.Contain("<sdk>: error: pythonVersion: 'PYTHON2_7' is not allowed; use one of: PYTHON3_9, PYTHON3_10, PYTHON3_11, PYTHON3_12, PYTHON3_13."));
        Assert.That(error.Message, Does.Not.Contain("abc"), "a literal secret is never echoed");
    }

    [Test]
    public void NewFunction_copies_the_callers_lists()
    {
        var labels = new List<string> { "demo" };
        var function = Dh.NewFunction(project: "demo", name: "hello", kind: "python", pythonVersion: "PYTHON3_11", code: "def h():\n    return 1\n", handler: "h", labels: labels);
        labels.Add("-not valid-");
        Assert.That(function.Spec.Labels, Is.EqualTo(new[] { "demo" }));
    }

    [Test]
    public void A_profile_needs_a_project()
    {
        var error = Assert.Throws<PythonRuntimeException>(() => Dh.NewFunction(
            project: "demo", name: "hello", kind: "python", pythonVersion: "PYTHON3_11", code: "x = 1", handler: "h",
            tasks: new FunctionTasks(null, new TaskSpec { Profile = "small" }, null)));
        Assert.That(error!.Diagnostics.Single().Message, Does.Contain("profiles are declared in project.yaml"));
    }
}
