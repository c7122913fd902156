using System.Diagnostics;

namespace PythonRuntime.Tests.Validation.Support;

/// <summary>A fresh folder under the system temp folder, deleted on dispose; helpers write files, links and FIFOs into it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("pyrt-tests-").FullName;
    }

    public string Path { get; }

    /// <summary>Gets the absolute path of <paramref name="relative"/> inside the folder.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes a text file (LF line ends), creating its folders.</summary>
    public string Write(string relative, string text)
    {
        var full = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    /// <summary>Creates a symbolic link at <paramref name="relative"/> pointing at <paramref name="target"/> (kept as given).</summary>
    public string Link(string relative, string target)
    {
        var full = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
        return full;
    }

    /// <summary>Creates a FIFO with the mkfifo tool, as a user would.</summary>
    public string Fifo(string relative)
    {
        var full = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var start = new ProcessStartInfo("mkfifo") { RedirectStandardError = true };
        start.ArgumentList.Add(full);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"mkfifo failed: {process.StandardError.ReadToEnd()}");
        return full;
    }

    /// <summary>Copies a folder tree into this folder.</summary>
    public void CopyFrom(string source, string relative = "")
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = this[System.IO.Path.Combine(relative, System.IO.Path.GetRelativePath(source, file))];
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
    }
}
