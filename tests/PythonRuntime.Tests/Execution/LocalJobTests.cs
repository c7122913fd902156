using System.Text.Json;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Execution;

/// <summary>Local jobs through the run service: real Python processes, real store.</summary>
[TestFixture]
public sealed class LocalJobTests
{
    [Test]
    public async Task A_job_maps_scalars_to_results_and_objects_to_stored_outputs()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var function = fixture.Function("counts", """
            def handler(text, repeat=1):
                words = text.split() * repeat
                return len(words), {"unique": sorted(set(words))}, b"raw"
            """, spec => spec with { Outputs = ["count", "stats", "blob"] });

        var run = await fixture.JobAsync(function, new { text = "a b a", repeat = 2 });

        Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
        Assert.That(run.Results["count"].GetInt32(), Is.EqualTo(6));
        Assert.That(run.Outputs.Keys, Is.EquivalentTo(new[] { "stats", "blob" }));
        var stats = await fixture.Service.ResolveAsync(run.Outputs["stats"]);
        Assert.That(JsonDocument.Parse(File.ReadAllText(stats.Path)).RootElement.GetProperty("unique").GetArrayLength(), Is.EqualTo(2));
        var blob = await fixture.Service.ResolveAsync(run.Outputs["blob"]);
        Assert.That(File.ReadAllBytes(blob.Path), Is.EqualTo("raw"u8.ToArray()));
        Assert.That(run.Transitions.Select(t => t.State), Is.EqualTo(new[] { RunState.Created, RunState.Built, RunState.Ready, RunState.Running, RunState.Completed }));
    }

    [Test]
    public async Task An_output_key_of_one_run_is_the_input_of_the_next()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var producer = fixture.Function("producer", "def handler():\n    return {'rows': [{'v': 1}, {'v': 2}, {'v': 4}]}\n", spec => spec with { Outputs = ["dataset"] });
        var consumer = fixture.Function("consumer", """
            import json
            def handler(dataset):
                with open(dataset.path) as f:
                    rows = json.load(f)["rows"]
                return sum(r["v"] for r in rows), dataset.key, dataset.name
            """, spec => spec with { Outputs = ["total", "key", "name"] });

        var first = await fixture.JobAsync(producer);
        var second = await fixture.JobAsync(consumer, inputs: new Dictionary<string, string> { ["dataset"] = first.Outputs["dataset"] });

        Assert.That(second.State, Is.EqualTo(RunState.Completed), second.Error?.Message);
        Assert.That(second.Results["total"].GetInt32(), Is.EqualTo(7));
        Assert.That(second.Results["key"].GetString(), Is.EqualTo(first.Outputs["dataset"]));
        Assert.That(second.Results["name"].GetString(), Is.EqualTo("dataset"));
    }

    [Test]
    public async Task A_latest_key_picks_the_newest_output_of_that_name()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var producer = fixture.Function("producer", "def handler(n):\n    return {'n': n}\n", spec => spec with { Outputs = ["dataset"] });
        var consumer = fixture.Function("consumer", "import json\ndef handler(dataset):\n    return json.load(open(dataset.path))['n']\n", spec => spec with { Outputs = ["n"] });
        var latest = new Dictionary<string, string> { ["dataset"] = "store://demo/artifact/dataset:latest" };

        var none = Assert.ThrowsAsync<PythonRuntime.Diagnostics.PythonRuntimeException>(() => fixture.JobAsync(consumer, inputs: latest));
        await fixture.JobAsync(producer, new { n = 1 });
        await fixture.JobAsync(producer, new { n = 2 });
        var run = await fixture.JobAsync(consumer, inputs: latest);

        Assert.That(none!.Message, Does.Contain("names no artifact yet"));
        Assert.That(run.Results["n"].GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_handler_that_raises_ends_in_error_with_its_type_and_message()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var function = fixture.Function("boom", "def handler():\n    raise KeyError('missing-thing')\n");

        var run = await fixture.JobAsync(function);

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Category, Is.EqualTo("handler"));
        Assert.That(run.Error.Type, Is.EqualTo("KeyError"));
        Assert.That(run.Error.Message, Does.Contain("missing-thing"));
    }

    [Test]
    public async Task An_unknown_parameter_is_a_setup_error_naming_the_handler_parameters()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var function = fixture.Function("strict", "def handler(alpha, beta=2):\n    return alpha\n");

        var run = await fixture.JobAsync(function, new { alpha = 1, gamma = 3 });

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Category, Is.EqualTo("setup"));
        Assert.That(run.Error.Message, Does.Contain("gamma").And.Contain("alpha"));
    }

    [Test]
    public async Task A_missing_handler_function_is_a_setup_error_not_a_traceback()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var function = fixture.Function("nohandler", "def other():\n    return 1\n");

        var run = await fixture.JobAsync(function);

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Category, Is.EqualTo("setup"));
        Assert.That(run.Error.Message, Does.Contain("handler"));
        Assert.That(File.ReadAllText(fixture.Service.Store.LogPath(run.Id)), Does.Not.Contain("Traceback"));
    }

    [Test]
    public async Task A_job_that_hangs_is_stopped_at_its_timeout()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var function = fixture.Function("hang", "import time\ndef handler():\n    time.sleep(60)\n");
        var started = DateTime.UtcNow;

        var run = await fixture.JobAsync(function, timeout: TimeSpan.FromSeconds(1));

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Category, Is.EqualTo("timeout"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task Cancelling_a_job_stops_its_process_and_marks_the_run_stopped()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var function = fixture.Function("sleepy", "import time\ndef handler():\n    print('started', flush=True)\n    time.sleep(60)\n");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var run = await fixture.JobAsync(function, cancellationToken: cancel.Token);

        Assert.That(run.State, Is.EqualTo(RunState.Stopped));
    }

    [Test]
    public async Task A_handler_printing_megabytes_completes_and_its_output_is_logged()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var function = fixture.Function("chatty", "def handler():\n    for i in range(50000):\n        print('line', i, 'x' * 80)\n    return 'done'\n", spec => spec with { Outputs = ["summary"] });

        var run = await fixture.JobAsync(function);

        Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
        Assert.That(new FileInfo(fixture.Service.Store.LogPath(run.Id)).Length, Is.GreaterThan(4_000_000));
    }

    [Test]
    public async Task Secrets_reach_the_handler_as_files_and_their_values_are_stored_nowhere()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var canary = "canary-" + Guid.NewGuid().ToString("N");
        fixture.Repository.WriteFile("secrets.local.yaml", $"api-token:\n  token: {canary}\n");
        var function = fixture.Function("secretive", """
            import os
            def handler():
                with open(os.path.join(os.environ["PYTHONRUNTIME_SECRETS_DIR"], "api-token", "token")) as f:
                    return len(f.read())
            """, spec => spec with { Outputs = ["length"], Tasks = new(null, new() { Secrets = ["api-token"] }, null) });

        var run = await fixture.JobAsync(function);

        Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
        Assert.That(run.Results["length"].GetInt32(), Is.EqualTo(canary.Length));
        var state = Path.Combine(fixture.Repository.Root, ".pythonruntime");
        foreach (var file in Directory.EnumerateFiles(state, "*", SearchOption.AllDirectories))
        {
            Assert.That(File.ReadAllText(file), Does.Not.Contain(canary), file);
        }

        Assert.That(fixture.Log.Lines, Has.None.Contains(canary));
    }

    [Test]
    public async Task Handlers_never_see_the_local_secret_variables_themselves()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var function = fixture.Function("peek", "import os\ndef handler():\n    return ','.join(sorted(k for k in os.environ if k.startswith('PYTHONRUNTIME_SECRET')))\n", spec => spec with { Outputs = ["names"] });
        Environment.SetEnvironmentVariable("PYTHONRUNTIME_SECRET_UNLISTED__TOKEN", "not-for-this-handler");
        try
        {
            var run = await fixture.JobAsync(function);

            Assert.That(run.State, Is.EqualTo(RunState.Completed), run.Error?.Message);
            Assert.That(run.Results["names"].GetString(), Is.Empty);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PYTHONRUNTIME_SECRET_UNLISTED__TOKEN", null);
        }
    }

    [Test]
    public async Task A_secret_key_that_is_not_a_file_name_is_refused()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        fixture.Repository.WriteFile("secrets.local.yaml", "api-token:\n  ../escape: value\n");
        var function = fixture.Function("keys", "def handler():\n    return 1\n", spec => spec with { Tasks = new(null, new() { Secrets = ["api-token"] }, null) });

        var run = await fixture.JobAsync(function);

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Message, Does.Contain("'../escape' that is not a valid Secret key"));
        Assert.That(run.Error.Message, Does.Not.Contain("value"));
    }

    [Test]
    public async Task A_missing_local_secret_names_where_to_put_it()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var function = fixture.Function("needs", "def handler():\n    return 1\n", spec => spec with { Tasks = new(null, new() { Secrets = ["db-password"] }, null) });

        var run = await fixture.JobAsync(function);

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Message, Does.Contain("db-password").And.Contain("secrets.local.yaml").And.Contain("PYTHONRUNTIME_SECRET_DB_PASSWORD__"));
    }

    [Test]
    public async Task An_input_that_is_not_an_entity_key_is_refused_before_anything_runs()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var function = fixture.Function("consumer", "def handler(data):\n    return 1\n");

        var error = Assert.ThrowsAsync<PythonRuntime.Diagnostics.PythonRuntimeException>(() =>
            fixture.JobAsync(function, inputs: new Dictionary<string, string> { ["data"] = "/etc/passwd" }));

        Assert.That(error!.Message, Does.Contain("'/etc/passwd' is not a valid entity key"));
        Assert.That(await fixture.Service.ListAsync(), Is.Empty);
    }
}
