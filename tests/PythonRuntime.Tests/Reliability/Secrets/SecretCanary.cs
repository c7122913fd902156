using System.Security.Cryptography;
using System.Text;

namespace PythonRuntime.Tests.Reliability.Secrets;

/// <summary>
/// A unique secret value planted by a test, and a search for it in every place a leak could land. The value is looked for
/// as UTF-8, UTF-16 and base64 (the encoding of Kubernetes Secret data), so an encoded copy counts as a leak too.
/// Sources are <see cref="SearchSource"/>s: add new ones (docker history, image layers, registry blobs) without changing the search.
/// </summary>
internal sealed class SecretCanary
{
    public SecretCanary(string label)
    {
        Value = $"canary-{label}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant()}";
    }

    /// <summary>Gets the secret value.</summary>
    public string Value { get; }

    /// <summary>Gets the lower-case hex sha256 of the value, which a handler may compare against without printing the value.</summary>
    public string Sha256 => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Value))).ToLowerInvariant();

    /// <summary>Searches every item of every source and returns where the value (in any of its encodings) was found.</summary>
    public IReadOnlyList<string> FindIn(params SearchSource[] sources)
    {
        var needles = new[]
        {
            ("utf-8", Encoding.UTF8.GetBytes(Value)),
            ("utf-16", Encoding.Unicode.GetBytes(Value)),
            ("base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(Value)))),
        };
        var found = new List<string>();
        foreach (var source in sources)
        {
            foreach (var (where, bytes) in source.Items())
            {
                foreach (var (encoding, needle) in needles)
                {
                    if (bytes.AsSpan().IndexOf(needle) >= 0)
                    {
                        found.Add($"{source.Name}: {where} ({encoding})");
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Counts the places searched, so a test can show the search was not empty.</summary>
    public static int Count(params SearchSource[] sources) => sources.Sum(source => source.Items().Count());
}
