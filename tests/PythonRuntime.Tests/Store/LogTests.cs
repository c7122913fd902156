using System.Text;
using NUnit.Framework;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Tests.Store;

public sealed class LogTests : StoreTestBase
{
    [Test]
    public async Task A_run_log_lives_under_logs_and_its_tail_can_be_read_while_written()
    {
        var run = await NewRunAsync();
        Assert.That(Store.LogPath(run.Id), Is.EqualTo(Path.Combine(StateDirectory, "logs", run.Id + ".log")));
        Assert.That(await Store.ReadLogTailAsync(run.Id, 100), Is.Empty, "no log yet");

        await using (var writer = Store.OpenLogForAppend(run.Id))
        {
            await writer.WriteAsync(Encoding.UTF8.GetBytes("line 1\nline 2\n"));
            await writer.FlushAsync();
            Assert.That(await Store.ReadLogTailAsync(run.Id, 7), Is.EqualTo("line 2\n"));
        }

        await using (var writer = Store.OpenLogForAppend(run.Id))
        {
            await writer.WriteAsync(Encoding.UTF8.GetBytes("line 3\n"));
        }

        Assert.That(await Store.ReadLogTailAsync(run.Id, 1000), Is.EqualTo("line 1\nline 2\nline 3\n"));
    }

    [Test]
    public async Task A_tail_that_starts_inside_a_character_drops_the_broken_bytes()
    {
        var run = await NewRunAsync();
        await File.WriteAllTextAsync(Store.LogPath(run.Id), "Grüße €uro");

        // "€" is three bytes; the last 5 bytes start in its middle.
        Assert.That(await Store.ReadLogTailAsync(run.Id, 5), Is.EqualTo("uro"));
        Assert.That(await Store.ReadLogTailAsync(run.Id, 6), Is.EqualTo("€uro"));
    }

    [Test]
    public void A_log_needs_a_full_run_id()
    {
        Assert.That(() => Store.LogPath("../../etc/passwd"), Throws.TypeOf<PythonRuntimeException>().With.Message.Contains("is not a run id"));
        Assert.That(() => Store.ReadLogTailAsync("0123456789abcdef0123456789abcdef", 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
