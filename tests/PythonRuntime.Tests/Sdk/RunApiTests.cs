using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Sdk;
using PythonRuntime.Store;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Sdk;

/// <summary>The seed's Run API in C#: function.Run(...), run.Output/Outputs/Result/Results/Invoke/Wait/Stop/Refresh.</summary>
[TestFixture]
public sealed class RunApiTests
{
    [Test]
    public async Task A_job_run_returns_results_and_outputs_as_keys_dicts_and_artifacts()
    {
        using var repo = new TempRepository();
        var project = await Dh.GetProjectAsync(repo.Root);
        repo.WriteFile("functions/stats/main.py", "def handler(values):\n    return sum(values), {'values': values}\n");
        var function = project.NewFunction(name: "stats", kind: "python", codeSrc: "main.py", handler: "main:handler", pythonVersion: "PYTHON3_11", outputs: ["total", "data"]);

        var run = await function.RunAsync("job", localExecution: true, parameters: new Dictionary<string, object?> { ["values"] = new[] { 1, 2, 3 } });

        Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
        Assert.That(run.Result("total")!.Value.GetInt32(), Is.EqualTo(6));
        Assert.That(run.Results().Keys, Is.EquivalentTo(new[] { "total" }));
        var key = (string)run.Output("data", asKey: true)!;
        Assert.That(key, Does.StartWith("store://demo/artifact/data:"));
        var artifact = (Artifact)run.Output("data")!;
        Assert.That(artifact.ReadJson().GetProperty("values").GetArrayLength(), Is.EqualTo(3));
        var asDict = (IReadOnlyDictionary<string, object?>)run.Output("data", asDict: true)!;
        Assert.That(asDict["key"], Is.EqualTo(key));
        Assert.That(run.Outputs(asKey: true), Is.EquivalentTo(new Dictionary<string, object?> { ["data"] = key }));
        Assert.That(run.Output("nope"), Is.Null);
    }

    [Test]
    public async Task An_output_key_feeds_the_next_run_as_an_input()
    {
        using var repo = new TempRepository();
        var make = Dh.NewFunction(project: "demo", name: "make", kind: "python", code: "def handler():\n    return {'n': 41}\n", handler: "handler", pythonVersion: "PYTHON3_11", outputs: ["dataset"], directory: repo.Root);
        var use = Dh.NewFunction(project: "demo", name: "use", kind: "python", code: "import json\ndef handler(dataset):\n    return json.load(open(dataset.path))['n'] + 1\n", handler: "handler", pythonVersion: "PYTHON3_11", outputs: ["answer"], directory: repo.Root);
        var options = new SdkOptions { StateDirectory = Path.Combine(repo.Root, ".state") };

        var first = await make.RunAsync("job", localExecution: true, options: options);
        var second = await use.RunAsync("job", localExecution: true, inputs: new Dictionary<string, string> { ["dataset"] = (string)first.Output("dataset", asKey: true)! }, options: options);

        Assert.That(second.Result("answer")!.Value.GetInt32(), Is.EqualTo(42));
    }

    [Test]
    public async Task A_served_run_is_invoked_waited_refreshed_and_stopped()
    {
        using var repo = new TempRepository();
        var project = await Dh.GetProjectAsync(repo.Root);
        repo.WriteFile("functions/echo/main.py", "def handler(context, event):\n    return {'got': event.body if isinstance(event.body, dict) else None, 'method': event.method}\n");
        var function = project.NewFunction(name: "echo", kind: "python", codeSrc: "main.py", handler: "main:handler", pythonVersion: "PYTHON3_11");

        var run = await function.RunAsync("serve", localExecution: true);
        try
        {
            Assert.That((await run.WaitAsync()).State, Is.EqualTo(RunState.Running));
            var response = await run.InvokeAsync(json: new { a = 1 });
            var get = await run.InvokeAsync(method: "GET");

            Assert.That(response.Status, Is.EqualTo(200), response.Text);
            Assert.That(response.Json!.Value.GetProperty("got").GetProperty("a").GetInt32(), Is.EqualTo(1));
            Assert.That(get.Json!.Value.GetProperty("method").GetString(), Is.EqualTo("GET"));
        }
        finally
        {
            await run.StopAsync();
        }

        Assert.That((await run.RefreshAsync()).State, Is.EqualTo(RunState.Stopped));
    }

    [Test]
    public async Task Task_parameters_given_to_Run_pass_the_definition_rules()
    {
        using var repo = new TempRepository();
        var function = Dh.NewFunction(project: "demo", name: "strict", kind: "python", code: "def handler():\n    return 1\n", handler: "handler", pythonVersion: "PYTHON3_11", directory: repo.Root);

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => function.RunAsync("job", localExecution: true, replicas: 3, envs: [new("bad name", "x")]));

        Assert.That(error!.Message, Does.Contain("replicas").And.Contain("bad name"));
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition));
    }
}
