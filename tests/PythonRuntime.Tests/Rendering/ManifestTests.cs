using System.Text.Json;
using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Rendering;
using PythonRuntime.Specs;

namespace PythonRuntime.Tests.Rendering;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ManifestTests
{
    [Test]
    public async Task Each_run_gets_its_own_job_name_while_the_deployment_and_service_keep_the_function_name()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var spec = fixture.Set().Functions.Single().Spec;

        var first = await fixture.RenderSpecAsync(spec, fixture.Options with { RunId = "3F2A9C1E-7B4D-4E8F-9A0B-123456789ABC" });
        var second = await fixture.RenderSpecAsync(spec, fixture.Options with { RunId = "0b7e7c53-aaaa-bbbb-cccc-dddddddddddd" });

        Assert.Multiple(() =>
        {
            Assert.That(first.ReadJob().Metadata.Name, Is.EqualTo("hello-3f2a9c1e"));
            Assert.That(second.ReadJob().Metadata.Name, Is.EqualTo("hello-0b7e7c53"));
            Assert.That(first.ReadBuildJob().Metadata.Name, Is.EqualTo("hello-build-3f2a9c1e"));
            Assert.That(first.ReadDeployment().Metadata.Name, Is.EqualTo("hello").And.EqualTo(second.ReadDeployment().Metadata.Name));
            Assert.That(first.ReadService().Metadata.Name, Is.EqualTo("hello"));
            Assert.That(first.ReadJob().Metadata.Labels["pythonruntime.io/run-id"], Is.EqualTo("3F2A9C1E-7B4D-4E8F-9A0B-123456789ABC"));
        });
    }

    [Test]
    public async Task The_job_runs_once_without_restarts_and_reports_through_the_termination_message()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        fixture.Options = fixture.Options with { JobTtlSecondsAfterFinished = 600, JobActiveDeadlineSeconds = 120 };
        var job = (await fixture.RenderOneAsync()).ReadJob();
        var container = job.Spec.Template.Spec.Containers.Single();

        Assert.Multiple(() =>
        {
            Assert.That(job.Spec.BackoffLimit, Is.EqualTo(0));
            Assert.That(job.Spec.TtlSecondsAfterFinished, Is.EqualTo(600));
            Assert.That(job.Spec.ActiveDeadlineSeconds, Is.EqualTo(120));
            Assert.That(job.Spec.Template.Spec.RestartPolicy, Is.EqualTo("Never"));
            Assert.That(container.TerminationMessagePath, Is.EqualTo("/dev/termination-log"));
            Assert.That(container.TerminationMessagePolicy, Is.EqualTo("FallbackToLogsOnError"));
            Assert.That(container.Env.Single(e => e.Name == "PYTHONRUNTIME_TERMINATION_LOG").Value, Is.EqualTo("/dev/termination-log"));
            Assert.That(container.Command, Is.EqualTo(new[] { "python3", "/opt/pythonruntime/pythonruntime_runner.py" }));
            Assert.That(container.Args, Is.EqualTo(new[] { "job" }));
        });
    }

    [Test]
    public async Task The_runner_gets_the_whole_contract_in_PYTHONRUNTIME_SPEC()
    {
        using var fixture = Scenarios.Create("etl-job");
        var function = await fixture.RenderOneAsync();
        var spec = RenderFixture.Json(function.ReadJob().Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "PYTHONRUNTIME_SPEC").Value);

        Assert.That(spec.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[]
        {
            "project", "function", "function_key", "run_id", "run_key", "code_dir", "handler", "init_function",
            "init_parameters", "parameters", "inputs", "outputs", "output_dir",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(spec.GetProperty("project").GetString(), Is.EqualTo("demo"));
            Assert.That(spec.GetProperty("function_key").GetString(), Is.EqualTo("store://demo/function/etl:0a1b2c3d4e5f60718293a4b5c6d7e8f9"));
            Assert.That(spec.GetProperty("run_key").GetString(), Is.EqualTo("store://demo/run/etl:3f2a9c1e7b4d4e8f9a0b123456789abc"));
            Assert.That(spec.GetProperty("code_dir").GetString(), Is.EqualTo("/opt/pythonruntime/code"));
            Assert.That(spec.TryGetProperty("code_src", out _), Is.False, "a code folder is the code_dir itself, as when run locally");
            Assert.That(spec.GetProperty("handler").GetString(), Is.EqualTo("etl.pipeline:run"));
            Assert.That(spec.GetProperty("parameters").GetProperty("limit").GetInt32(), Is.EqualTo(100));
            Assert.That(spec.GetProperty("inputs").GetProperty("source").GetProperty("key").GetString(), Is.EqualTo("store://demo/artifact/raw-events:9d1c0a7e5b3f4e2d8c6b4a2f0e1d3c5b"));
            Assert.That(spec.GetProperty("inputs").GetProperty("source").GetProperty("name").GetString(), Is.EqualTo("raw-events"));
            Assert.That(spec.GetProperty("inputs").GetProperty("source").GetProperty("path").GetString(), Is.EqualTo("/tmp/pythonruntime/inputs/source"));
            Assert.That(spec.GetProperty("init_parameters").GetProperty("verbose").GetBoolean(), Is.True);
            Assert.That(spec.GetProperty("output_dir").GetString(), Is.EqualTo("/tmp/pythonruntime/outputs"));
        });

        var serve = RenderFixture.Json(function.ReadDeployment().Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "PYTHONRUNTIME_SPEC").Value);
        Assert.That(serve.GetProperty("host").GetString(), Is.EqualTo("0.0.0.0"));
        Assert.That(serve.GetProperty("port").GetInt32(), Is.EqualTo(8080));
        Assert.That(serve.GetProperty("health_port").GetInt32(), Is.EqualTo(8081));
        Assert.That(function.ReadDeployment().Spec.Template.Spec.Containers[0].Args, Is.EqualTo(new[] { "serve" }));
    }

    [Test]
    public async Task A_plain_render_leaves_out_entity_keys_it_cannot_know()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var spec = RenderFixture.Json((await fixture.RenderOneAsync()).ReadJob().Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "PYTHONRUNTIME_SPEC").Value);

        Assert.That(spec.TryGetProperty("function_key", out _), Is.False);
        Assert.That(spec.TryGetProperty("run_key", out _), Is.False);
        Assert.That(spec.GetProperty("run_id").GetString(), Is.EqualTo("render"));
    }

    [Test]
    public async Task An_input_naming_the_newest_artifact_is_passed_on_for_the_executor_to_resolve()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Run = new RunSpec { Inputs = new Dictionary<string, string> { ["data"] = "store://demo/artifact/table:latest" } } });
        var spec = RenderFixture.Json((await fixture.RenderOneAsync()).ReadJob().Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "PYTHONRUNTIME_SPEC").Value);

        Assert.That(spec.GetProperty("inputs").GetProperty("data").GetProperty("key").GetString(), Is.EqualTo("store://demo/artifact/table:latest"));
        Assert.That(spec.GetProperty("inputs").GetProperty("data").GetProperty("name").GetString(), Is.EqualTo("table"));
    }

    [Test]
    public void An_input_that_is_not_an_entity_key_is_refused()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Run = new RunSpec { Inputs = new Dictionary<string, string> { ["data"] = "/etc/passwd" } } });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("run.inputs.data").And.Contain("entity key"));
    }

    [Test]
    public async Task Run_parameters_given_for_the_render_replace_the_definition_defaults()
    {
        using var fixture = Scenarios.Create("etl-job");
        fixture.Options = fixture.Options with
        {
            Runs = new Dictionary<string, RunSpec> { ["etl"] = new() { Parameters = new Dictionary<string, JsonElement> { ["limit"] = RenderFixture.Json("5") } } },
        };
        var job = (await fixture.RenderOneAsync()).ReadJob();
        var spec = RenderFixture.Json(job.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "PYTHONRUNTIME_SPEC").Value);

        Assert.That(spec.GetProperty("parameters").GetRawText(), Is.EqualTo("{\"limit\":5}"));
        Assert.That(spec.GetProperty("inputs").GetRawText(), Is.EqualTo("{}"), "the whole run block is replaced");
    }

    [Test]
    public async Task Recommended_labels_and_the_commit_and_spec_hash_annotations_are_set()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Labels = ["demo", "greeting"] });
        var function = await fixture.RenderOneAsync();
        var labels = function.ReadDeployment().Metadata.Labels;
        var annotations = function.ReadDeployment().Metadata.Annotations;

        Assert.Multiple(() =>
        {
            Assert.That(labels["app.kubernetes.io/name"], Is.EqualTo("hello"));
            Assert.That(labels["app.kubernetes.io/instance"], Is.EqualTo("hello"));
            Assert.That(labels["app.kubernetes.io/version"], Is.EqualTo("0123456789abcdef0123456789abcdef01234567"));
            Assert.That(labels["app.kubernetes.io/managed-by"], Is.EqualTo("pythonruntime"));
            Assert.That(labels["app.kubernetes.io/part-of"], Is.EqualTo("demo"));
            Assert.That(function.ReadJob().Metadata.Labels["app.kubernetes.io/instance"], Is.EqualTo(function.ReadJob().Metadata.Name));
            Assert.That(annotations["pythonruntime.io/commit"], Is.EqualTo("0123456789abcdef0123456789abcdef01234567"));
            Assert.That(annotations["pythonruntime.io/spec-hash"], Does.Match("^sha256:[0-9a-f]{64}$"));
            Assert.That(annotations["pythonruntime.io/function-labels"], Is.EqualTo("[\"demo\",\"greeting\"]"));
            Assert.That(function.ReadDeployment().Spec.Template.Metadata.Annotations["pythonruntime.io/spec-hash"], Is.EqualTo(annotations["pythonruntime.io/spec-hash"]));
        });
    }

    [Test]
    public async Task The_spec_hash_changes_with_the_spec_and_only_with_it()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var spec = fixture.Set().Functions.Single().Spec;

        var first = Hash(await fixture.RenderSpecAsync(spec));
        var again = Hash(await fixture.RenderSpecAsync(spec with { Labels = [] }));
        var changed = Hash(await fixture.RenderSpecAsync(spec with { Requirements = ["requests==2.32.4"] }));

        Assert.That(again, Is.EqualTo(first));
        Assert.That(changed, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task Secrets_are_mounted_read_only_as_files_and_never_become_environment_values()
    {
        using var fixture = Scenarios.Create("etl-job");
        var pod = (await fixture.RenderOneAsync()).ReadJob().Spec.Template.Spec;
        var container = pod.Containers.Single();
        var mount = container.VolumeMounts.Single(m => m.MountPath == "/var/run/secrets/pythonruntime/etl-db");
        var volume = pod.Volumes.Single(v => v.Name == mount.Name);

        Assert.Multiple(() =>
        {
            Assert.That(mount.ReadOnlyProperty, Is.True);
            Assert.That(volume.Secret.SecretName, Is.EqualTo("etl-db"));
            Assert.That(volume.Secret.DefaultMode, Is.EqualTo(0x120), "0440: readable by the pod's group only");
            Assert.That(container.Env.Where(e => e.ValueFrom is not null), Is.Empty);
            Assert.That(container.EnvFrom, Is.Null.Or.Empty);
            Assert.That(container.Env.Single(e => e.Name == "PYTHONRUNTIME_SECRETS_DIR").Value, Is.EqualTo("/var/run/secrets/pythonruntime"));
        });
    }

    [Test]
    public async Task Every_task_parameter_is_mapped_onto_the_job_pod()
    {
        using var fixture = Scenarios.Create("etl-job");
        var pod = (await fixture.RenderOneAsync()).ReadJob().Spec.Template.Spec;
        var container = pod.Containers.Single();

        Assert.Multiple(() =>
        {
            Assert.That(pod.NodeSelector, Is.EqualTo(new Dictionary<string, string> { ["disktype"] = "ssd" }));
            Assert.That(pod.Tolerations.Single().Key, Is.EqualTo("dedicated"));
            Assert.That(pod.Tolerations.Single().Effect, Is.EqualTo("NoSchedule"));
            Assert.That(pod.Affinity.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution.Single().Weight, Is.EqualTo(50));
            Assert.That(container.Env.Single(e => e.Name == "LOG_LEVEL").Value, Is.EqualTo("info"));
            Assert.That(container.Resources.Requests["cpu"].ToString(), Is.EqualTo("250m"));
            Assert.That(container.Resources.Limits["cpu"].ToString(), Is.EqualTo("1"));
            Assert.That(container.Resources.Limits["memory"].ToString(), Is.EqualTo("1Gi"));
            Assert.That(container.Resources.Requests["ephemeral-storage"].ToString(), Is.EqualTo("1Gi"));
            Assert.That(pod.Volumes.Single(v => v.Name == "scratch").EmptyDir.SizeLimit.ToString(), Is.EqualTo("2Gi"));
            Assert.That(pod.Volumes.Single(v => v.Name == "data").PersistentVolumeClaim.ClaimName, Is.EqualTo("etl-data"));
            Assert.That(pod.Volumes.Single(v => v.Name == "settings").ConfigMap.Name, Is.EqualTo("settings"));
            Assert.That(container.VolumeMounts.Single(m => m.Name == "data").ReadOnlyProperty, Is.True);
        });
    }

    [Test]
    public async Task Serve_maps_replicas_service_type_and_a_gpu_limit()
    {
        using var fixture = Scenarios.Create("api-serve");
        var function = await fixture.RenderOneAsync();
        var container = function.ReadDeployment().Spec.Template.Spec.Containers.Single();

        Assert.Multiple(() =>
        {
            Assert.That(function.ReadDeployment().Spec.Replicas, Is.EqualTo(3));
            Assert.That(function.ReadService().Spec.Type, Is.EqualTo("ClusterIP"));
            Assert.That(container.Resources.Limits["nvidia.com/gpu"].ToString(), Is.EqualTo("1"));
            Assert.That(container.Resources.Requests["cpu"].ToString(), Is.EqualTo("500m"), "0.5 is written in canonical form");
        });
    }

    [Test]
    public async Task Without_task_settings_serve_uses_one_replica_and_a_node_port_service_as_the_seed_does()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var function = await fixture.RenderOneAsync();

        Assert.That(function.ReadDeployment().Spec.Replicas, Is.EqualTo(1));
        Assert.That(function.ReadService().Spec.Type, Is.EqualTo("NodePort"));
    }

    [Test]
    public async Task Default_requests_never_exceed_a_limit_the_user_set()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with
        {
            Tasks = new FunctionTasks(null, new TaskSpec { Resources = new ResourcesSpec(new ResourceRange(null, "50m"), new ResourceRange("2Gi", null), ResourceRange.None, ResourceRange.None) }, null),
        });
        var resources = (await fixture.RenderOneAsync()).ReadJob().Spec.Template.Spec.Containers[0].Resources;

        Assert.Multiple(() =>
        {
            Assert.That(resources.Requests["cpu"].ToString(), Is.EqualTo("50m"));
            Assert.That(resources.Requests["memory"].ToString(), Is.EqualTo("2Gi"));
            Assert.That(resources.Limits["memory"].ToString(), Is.EqualTo("2Gi"));
        });
    }

    [Test]
    public async Task The_default_image_is_named_after_registry_project_function_and_commit()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        Assert.That((await fixture.RenderOneAsync()).Image, Is.EqualTo("127.0.0.1:5000/demo-hello:0123456789abcdef0123456789abcdef01234567"));

        fixture.Project = fixture.Project with { Registry = null };
        fixture.Options = fixture.Options with { Commit = null };
        var local = await fixture.RenderOneAsync();
        Assert.That(local.Image, Is.EqualTo("localhost/demo-hello:dev"));
        Assert.That(local.ReadJob().Spec.Template.Spec.Containers[0].ImagePullPolicy, Is.EqualTo("Always"));
    }

    [Test]
    public async Task An_image_given_by_digest_is_deployed_by_digest_and_pulled_only_when_missing()
    {
        using var fixture = Scenarios.Create("etl-job");
        var function = await fixture.RenderOneAsync();

        Assert.That(function.ReadJob().Spec.Template.Spec.Containers[0].Image, Is.EqualTo("127.0.0.1:5000/demo-etl@" + Scenarios.Digest));
        Assert.That(function.ReadJob().Spec.Template.Spec.Containers[0].ImagePullPolicy, Is.EqualTo("IfNotPresent"));
        Assert.That(function.ReadBuildJob().Spec.Template.Spec.Containers[0].Args, Does.Contain("--destination=127.0.0.1:5000/demo-etl:0123456789abcdef0123456789abcdef01234567"));
    }

    [TestCase("127.0.0.1:5000/demo-hello:latest", "'latest'")]
    [TestCase("127.0.0.1:5000/demo-hello", "no tag or digest")]
    [TestCase("127.0.0.1:5000/Demo-Hello:1", "not an image reference")]
    public void An_image_that_is_latest_untagged_or_malformed_is_refused(string image, string expected)
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        fixture.Options = fixture.Options with { Images = new Dictionary<string, string> { ["hello"] = image } };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition));
        Assert.That(error.Message, Does.Contain(image).And.Contain(expected));
    }

    [TestCase("API_TOKEN")]
    [TestCase("DB_PASSWORD")]
    [TestCase("AWS_SECRET_ACCESS_KEY")]
    [TestCase("STRIPE_API_KEY")]
    public void A_literal_environment_value_under_a_credential_name_is_refused_with_a_pointer_to_secrets(string name)
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Tasks = new FunctionTasks(null, new TaskSpec { Envs = [new EnvVarSpec(name, "hunter2")] }, null) });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain(name).And.Contain("Secret").And.Not.Contain("hunter2"));
    }

    [Test]
    public async Task Ordinary_variables_that_merely_contain_a_credential_word_are_kept()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Tasks = new FunctionTasks(null, new TaskSpec { Envs = [new EnvVarSpec("TOKENIZERS_PARALLELISM", "false")] }, null) });

        var env = (await fixture.RenderOneAsync()).ReadJob().Spec.Template.Spec.Containers[0].Env;

        Assert.That(env.Single(e => e.Name == "TOKENIZERS_PARALLELISM").Value, Is.EqualTo("false"));
    }

    [TestCase("/tmp", "/tmp")]
    [TestCase("/opt", "/opt/pythonruntime")]
    [TestCase("/opt/pythonruntime/code/data", "/opt/pythonruntime")]
    [TestCase("relative", "absolute")]
    public void A_volume_that_would_hide_what_the_image_or_pod_needs_is_refused(string mountPath, string expected)
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with
        {
            Tasks = new FunctionTasks(null, new TaskSpec { Volumes = [new VolumeSpec(VolumeType.EmptyDir, "data", mountPath, false, new Dictionary<string, string>())] }, null),
        });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("tasks.job.volumes[0].mount_path").And.Contain(expected));
    }

    [Test]
    public void An_affinity_with_fields_kubernetes_does_not_know_is_refused_instead_of_silently_dropped()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with
        {
            Tasks = new FunctionTasks(null, new TaskSpec { Affinity = RenderFixture.Json("{\"node_affinity\": {}}") }, null),
        });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("tasks.job.affinity").And.Contain("camelCase"));
    }

    [Test]
    public void A_function_name_too_long_for_the_job_names_is_refused_with_the_length_to_use()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { Name = "f" + new string('a', 52) });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("too long").And.Contain("at most 50 characters"));
    }

    [Test]
    public void Every_problem_of_every_function_is_reported_at_once()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello(s => s with { BaseImage = "python:latest", Requirements = ["-r x"] });
        fixture.Add(new FunctionSpec { Name = "other", PythonVersion = PythonVersion.Python3_11, Code = "x = 1\n", Handler = "main:handler", Image = "other" });

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("requirements[0]").And.Contain("'other'").And.Contain("Rendering failed with"));
        Assert.That(error.Message, Does.StartWith("Rendering failed with 3 problems"));
    }

    private static string Hash(RenderedFunction function) => function.ReadJob().Metadata.Annotations["pythonruntime.io/spec-hash"];
}
