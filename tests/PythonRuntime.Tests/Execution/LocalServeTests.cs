using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Execution.Http;
using PythonRuntime.Processes;
using PythonRuntime.Specs;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Execution;

/// <summary>Local services: a detached runner process, readiness on the health port, invoke over real HTTP, stop.</summary>
[TestFixture]
public sealed class LocalServeTests
{
    private const string Greeter = """
        def init(context, greeting):
            context.greeting = greeting

        def handler(context, event):
            if event.path == "/fail":
                raise ValueError("asked to fail")
            if event.path == "/teapot":
                return 418, {"short": "and stout"}
            name = event.body.get("name", "nobody") if isinstance(event.body, dict) else "nobody"
            return {"message": f"{context.greeting}, {name}", "method": event.method, "query": event.query}
        """;

    [Test]
    public async Task A_service_is_ready_when_the_run_returns_and_answers_invokes()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var run = await StartAsync(fixture, Greeter, new { greeting = "Hello" });

        try
        {
            Assert.That(run.State, Is.EqualTo(RunState.Running), run.Error?.Message);
            Assert.That(run.Service!.Url, Does.StartWith("http://127.0.0.1:"));
            var response = await fixture.Service.InvokeAsync(run.Id, new InvokeRequest
            {
                Json = JsonDocument.Parse("""{"name": "Ada"}""").RootElement,
                Query = new Dictionary<string, string> { ["page"] = "2" },
            });

            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(response.Json!.Value.GetProperty("message").GetString(), Is.EqualTo("Hello, Ada"));
            Assert.That(response.Json!.Value.GetProperty("method").GetString(), Is.EqualTo("POST"));
            Assert.That(response.Json!.Value.GetProperty("query").GetProperty("page").GetString(), Is.EqualTo("2"));
        }
        finally
        {
            await fixture.Service.StopAsync(run.Id);
        }
    }

    [Test]
    public async Task Errors_in_the_handler_come_back_as_500_and_statuses_as_given()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var run = await StartAsync(fixture, Greeter, new { greeting = "Hi" });

        try
        {
            var failed = await fixture.Service.InvokeAsync(run.Id, new InvokeRequest { Path = "/fail" });
            var teapot = await fixture.Service.InvokeAsync(run.Id, new InvokeRequest { Method = "GET", Path = "/teapot" });

            Assert.That(failed.Status, Is.EqualTo(500));
            Assert.That(failed.Json!.Value.GetProperty("type").GetString(), Is.EqualTo("ValueError"));
            Assert.That(teapot.Status, Is.EqualTo(418));
        }
        finally
        {
            await fixture.Service.StopAsync(run.Id);
        }
    }

    [Test]
    public async Task Concurrent_invokes_all_get_their_own_answer()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var run = await StartAsync(fixture, Greeter, new { greeting = "Hey" });

        try
        {
            var calls = Enumerable.Range(0, 64).Select(i => fixture.Service.InvokeAsync(run.Id, new InvokeRequest
            {
                Json = JsonSerializer.SerializeToElement(new { name = $"caller-{i}" }),
            }));
            var responses = await Task.WhenAll(calls);

            Assert.That(responses.Select(r => r.Json!.Value.GetProperty("message").GetString()),
                Is.EquivalentTo(Enumerable.Range(0, 64).Select(i => $"Hey, caller-{i}")));
        }
        finally
        {
            await fixture.Service.StopAsync(run.Id);
        }
    }

    [Test]
    public async Task Stop_ends_the_process_and_later_invokes_say_the_run_is_stopped()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();
        var run = await StartAsync(fixture, Greeter, new { greeting = "Bye" });
        var pid = run.Service!.ProcessId!.Value;

        var stopped = await fixture.Service.StopAsync(run.Id);

        Assert.That(stopped.State, Is.EqualTo(RunState.Stopped));
        Assert.That(Signals.IsAlive(pid), Is.False);
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => fixture.Service.InvokeAsync(run.Id, new InvokeRequest()));
        Assert.That(error!.Message, Does.Contain("STOPPED"));
    }

    [Test]
    public async Task A_failing_init_ends_in_error_with_the_setup_message_and_no_process_left()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();

        var run = await StartAsync(fixture, Greeter, new { wrong = "x" });

        Assert.That(run.State, Is.EqualTo(RunState.Error));
        Assert.That(run.Error!.Category, Is.EqualTo("setup"));
        Assert.That(run.Error.Message, Does.Contain("wrong").And.Contain("greeting"));
        Assert.That(Signals.IsAlive(run.Owner.ProcessId), Is.False);
    }

    [Test]
    public async Task Invoking_an_unknown_run_or_a_dead_url_is_a_clear_error()
    {
        await using var fixture = await LocalRunFixture.CreateAsync();

        var unknown = Assert.ThrowsAsync<PythonRuntimeException>(() => fixture.Service.InvokeAsync("0123456789abcdef0123456789abcdef", new InvokeRequest()));
        var invoker = new ServiceInvoker();
        var dead = Assert.ThrowsAsync<PythonRuntimeException>(() => invoker.InvokeAsync("http://127.0.0.1:9", new InvokeRequest(), CancellationToken.None));

        Assert.That(unknown!.Message, Does.Contain("0123456789abcdef0123456789abcdef"));
        Assert.That(dead!.Message, Does.Contain("cannot be reached"));
    }

    [Test]
    public void A_method_that_is_not_an_http_method_is_a_usage_error()
    {
        var invoker = new ServiceInvoker();

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => invoker.InvokeAsync("http://127.0.0.1:9", new InvokeRequest { Method = "GE T" }, CancellationToken.None));

        Assert.That(error!.ExitCode, Is.EqualTo(PythonRuntime.ExitCodes.Usage));
        Assert.That(error.Message, Does.Contain("'GE T' is not an HTTP method"));
    }

    private static Task<RunRecord> StartAsync(LocalRunFixture fixture, string code, object initParameters)
    {
        var function = fixture.Function("greeter", code, spec => spec with { InitFunction = "init" });
        return fixture.Service.RunAsync(function, fixture.Project, new RunRequest
        {
            Action = TaskAction.Serve,
            InitParameters = LocalRunFixture.Json(initParameters),
            ReadyTimeout = TimeSpan.FromSeconds(30),
        });
    }
}
