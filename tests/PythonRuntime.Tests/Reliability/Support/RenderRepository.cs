using System.Security.Cryptography;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability;

/// <summary>
/// A repository whose render is large enough to be interrupted: several functions, each with a code folder of several
/// files. <see cref="SetVersion"/> changes every file's content, so two versions render to different bytes everywhere.
/// </summary>
internal sealed class RenderRepository : IDisposable
{
    private readonly TempRepository _repository = new("name: demo\nregistry: 127.0.0.1:5000\n");

    public RenderRepository(int functions, int filesPerFunction, int bytesPerFile = 2048)
    {
        Functions = Enumerable.Range(0, functions).Select(i => $"fn-{i:D2}").ToList();
        FilesPerFunction = filesPerFunction;
        BytesPerFile = bytesPerFile;
        SetVersion(1);
    }

    public string Root => _repository.Root;

    public IReadOnlyList<string> Functions { get; }

    public int FilesPerFunction { get; }

    public int BytesPerFile { get; }

    /// <summary>Rewrites every function and its code for <paramref name="version"/>.</summary>
    public void SetVersion(int version)
    {
        foreach (var name in Functions)
        {
            _repository.AddFunction(name, $"name: {name}\nkind: python\npython_version: PYTHON3_11\ncode_src: src\nhandler: main:handler\ndescription: version {version}\n");
            _repository.WriteFile($"functions/{name}/src/main.py", $"def handler():\n    return {version}\n");
            for (var i = 0; i < FilesPerFunction; i++)
            {
                _repository.WriteFile($"functions/{name}/src/mod_{i:D2}.py", $"# version {version}\nDATA = '{new string((char)('a' + (version % 26)), BytesPerFile)}'\n");
            }
        }
    }

    /// <summary>Gets the sha256 of every file under <paramref name="folder"/> by relative path (hidden temporaries and the lock included).</summary>
    public static Dictionary<string, string> Snapshot(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(file => Path.GetRelativePath(folder, file), file => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public void Dispose() => _repository.Dispose();
}
