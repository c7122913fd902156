using System.Text;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability.Secrets;

/// <summary>One place to look for a leaked secret: a name and the byte items it holds (files, log text, recorded requests).</summary>
internal sealed record SearchSource(string Name, Func<IEnumerable<(string Where, byte[] Bytes)>> Items)
{
    /// <summary>Every regular file under <paramref name="folder"/> (SQLite database, WAL and shared-memory files included), skipping <paramref name="except"/>.</summary>
    public static SearchSource Files(string name, string folder, params string[] except) => new(name, () => ReadFiles(folder, except));

    /// <summary>Text a process printed, a result file read back, or any other string.</summary>
    public static SearchSource Text(string name, params string[] texts) =>
        new(name, () => texts.Select((text, i) => ($"#{i}", Encoding.UTF8.GetBytes(text))));

    /// <summary>Everything a build host run printed.</summary>
    public static SearchSource Output(string name, params ProcessResult[] results) =>
        Text(name, results.Select(r => r.StandardOutput + "\n" + r.StandardError).ToArray());

    private static IEnumerable<(string, byte[])> ReadFiles(string folder, string[] except)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            if (except.Any(skip => Path.GetFullPath(file) == Path.GetFullPath(skip)) || new FileInfo(file).LinkTarget is not null)
            {
                continue;
            }

            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var memory = new MemoryStream())
            {
                stream.CopyTo(memory);
                bytes = memory.ToArray();
            }

            yield return (Path.GetRelativePath(folder, file), bytes);
        }
    }
}
