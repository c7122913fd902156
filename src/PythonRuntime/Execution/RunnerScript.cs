using System.Security.Cryptography;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Execution;

/// <summary>
/// The Python runner shipped inside this library. Local runs use a copy extracted into the state folder
/// (named by its hash, so a new version never mixes with an old one); image builds copy the same bytes.
/// </summary>
public static class RunnerScript
{
    /// <summary>The runner's file name, also its path inside images under <c>/opt/pythonruntime/</c>.</summary>
    public const string FileName = "pythonruntime_runner.py";

    private const string ResourceName = "PythonRuntime.Runner.pythonruntime_runner.py";
    private static readonly Lazy<byte[]> Content = new(Load);

    /// <summary>Gets the runner's bytes.</summary>
    public static ReadOnlyMemory<byte> Bytes => Content.Value;

    /// <summary>Gets the first 16 hex digits of the runner's SHA-256.</summary>
    public static string Hash { get; } = Convert.ToHexStringLower(SHA256.HashData(Content.Value))[..16];

    /// <summary>Writes the runner under <paramref name="stateDirectory"/> if needed and returns its path.</summary>
    public static async Task<string> ExtractAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(stateDirectory, "runner", Hash, FileName);
        if (!File.Exists(path))
        {
            await AtomicFile.WriteAllBytesAsync(path, Content.Value, cancellationToken).ConfigureAwait(false);
        }

        return path;
    }

    private static byte[] Load()
    {
        using var stream = typeof(RunnerScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new PythonRuntimeException(ExitCodes.Failure, $"The embedded resource '{ResourceName}' is missing from the library; rebuild it.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
