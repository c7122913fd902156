using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Store;

namespace PythonRuntime.Tests.Store;

public sealed class FunctionVersionTests : StoreTestBase
{
    [Test]
    public async Task New_content_gets_a_new_uuid4_and_a_key()
    {
        var version = await RecordHelloAsync();

        Assert.Multiple(() =>
        {
            Assert.That(version.IsNew, Is.True);
            Assert.That(Uuid4.Is(version.Id), Is.True, version.Id);
            Assert.That(version.Key.ToString(), Is.EqualTo($"store://demo/function/hello:{version.Id}"));
            Assert.That(version.ContentHash, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(HelloSpec)))));
        });
    }

    [Test]
    public async Task Same_content_gets_the_same_id()
    {
        var first = await RecordHelloAsync();
        var second = await RecordHelloAsync();

        Assert.That(second.Id, Is.EqualTo(first.Id));
        Assert.That(second.IsNew, Is.False);
        Assert.That(second.ContentHash, Is.EqualTo(first.ContentHash));
    }

    [Test]
    public async Task Changed_content_gets_another_id_and_the_old_one_stays()
    {
        var first = await RecordHelloAsync();
        var changed = await RecordHelloAsync("""{"name":"hello","handler":"main:other"}""");
        var again = await RecordHelloAsync();

        Assert.That(changed.Id, Is.Not.EqualTo(first.Id));
        Assert.That(changed.IsNew, Is.True);
        Assert.That(Uuid4.Is(changed.Id), Is.True);
        Assert.That(again.Id, Is.EqualTo(first.Id));
        Assert.That(await Store.GetFunctionSpecAsync(changed.Key), Does.Contain("main:other"));
    }

    [Test]
    public async Task Same_content_under_another_name_or_project_is_another_version()
    {
        var hello = await RecordHelloAsync();
        var other = await Store.RecordFunctionAsync(Project, "other", HelloSpec);
        var elsewhere = await Store.RecordFunctionAsync("elsewhere", "hello", HelloSpec);

        Assert.That(new[] { hello.Id, other.Id, elsewhere.Id }, Is.Unique);
    }

    [TestCase("not json")]
    [TestCase("")]
    [TestCase("{\"a\":")]
    public void Refuses_a_spec_that_is_not_json(string spec)
    {
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.RecordFunctionAsync(Project, "hello", spec))!;
        Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(error.Message, Does.Contain("spec of function 'hello'"));
    }

    [TestCase("Bad_Project", "hello", "project name")]
    [TestCase("demo", "../escape", "function name")]
    public void Refuses_invalid_names(string project, string name, string what)
    {
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.RecordFunctionAsync(project, name, HelloSpec))!;
        Assert.That(error.Message, Does.Contain(what));
    }

    [Test]
    public async Task Ensuring_a_project_twice_is_harmless()
    {
        await Store.EnsureProjectAsync("p1");
        await Store.EnsureProjectAsync("p1");
        Assert.That(async () => await Store.EnsureProjectAsync("P1"), Throws.TypeOf<PythonRuntimeException>());
    }

    [Test]
    public void Unknown_function_key_is_a_clear_error()
    {
        var key = new EntityKey(Project, EntityKind.Function, "hello", "0123456789abcdef0123456789abcdef");
        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => Store.GetFunctionSpecAsync(key))!;
        Assert.That(error.Message, Does.Contain(key.ToString()).And.Contain("record the function first"));
    }
}
