using System.Diagnostics;
using PythonRuntime.Images;

namespace PythonRuntime.Tests.Images;

/// <summary>Finds containers a build left in the real engine, by a unique marker in their command.</summary>
internal static class LeftoverContainers
{
    /// <summary>Waits up to 30 s for the engine to remove every container whose command holds <paramref name="marker"/>; returns those still there.</summary>
    public static async Task<IReadOnlyList<string>> WithCommandAsync(string marker, CancellationToken cancellationToken = default)
    {
        var docker = new DockerCli();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var list = await docker.RunAsync(["ps", "--all", "--no-trunc", "--format", "{{.ID}} {{.Command}}"], cancellationToken: cancellationToken);
            Assert.That(list.Succeeded, Is.True, list.Text);
            var left = list.Lines.Where(line => line.Contains(marker, StringComparison.Ordinal)).ToArray();
            if (left.Length == 0 || watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                return left;
            }

            await Task.Delay(500, cancellationToken);
        }
    }
}
