using PythonRuntime.Processes;

namespace PythonRuntime.Tests.Reliability;

/// <summary>Waits for marker files a handler writes (its pids) and for processes to be gone, each within a bound.</summary>
internal static class ProcessWatch
{
    /// <summary>Waits until <paramref name="path"/> holds one pid per line, <paramref name="count"/> of them, and returns them.</summary>
    public static async Task<int[]> PidsAsync(string path, int count, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            if (File.Exists(path))
            {
                var pids = File.ReadAllLines(path).Where(l => l.EndsWith(';')).Select(l => int.Parse(l.TrimEnd(';'), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                if (pids.Length >= count)
                {
                    return pids;
                }
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the handler never wrote {count} pid(s) to {path}");
            await Task.Delay(25);
        }
    }

    /// <summary>Asserts every pid is gone within <paramref name="bound"/>; kills leftovers so one failure does not leak processes.</summary>
    public static async Task AssertGoneAsync(IEnumerable<int> pids, TimeSpan bound, string what)
    {
        var deadline = DateTime.UtcNow + bound;
        var all = pids.ToList();
        while (all.Any(Signals.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }

        var left = all.Where(Signals.IsAlive).ToList();
        left.ForEach(pid => Signals.Kill(pid));
        Assert.That(left, Is.Empty, $"{what}: these processes were left running");
    }
}
