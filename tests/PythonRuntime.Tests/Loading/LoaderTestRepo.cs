using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;
using PythonRuntime.Specs;
using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Loading;

/// <summary>A throwaway repository for loader tests: a valid project.yaml and helpers to add function files.</summary>
internal sealed class LoaderTestRepo : IDisposable
{
    public const string ValidFunction = "name: {0}\nkind: python\npython_version: PYTHON3_11\ncode: \"def handler():\\n    return 1\\n\"\nhandler: handler\n";

    private readonly TempFolder _folder = new();

    public LoaderTestRepo(string project = "name: demo\n")
    {
        _folder.Write("project.yaml", project);
        Directory.CreateDirectory(_folder["functions"]);
    }

    public TempFolder Folder => _folder;

    public string Root => _folder.Path;

    /// <summary>Writes functions/<paramref name="name"/>/function.yaml.</summary>
    public string Function(string name, string yaml) => _folder.Write($"functions/{name}/function.yaml", yaml);

    /// <summary>Writes a valid function named <paramref name="name"/>.</summary>
    public string ValidFunctionNamed(string name) => Function(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, ValidFunction, name));

    public Task<DefinitionSet> LoadAsync() => new DefinitionLoader().LoadAsync(new LoadOptions(Root));

    /// <summary>Loads, expecting failure, within a time budget so a hang (FIFO, device) fails the test instead of blocking it.</summary>
    public async Task<PythonRuntimeException> FailAsync(int seconds = 10)
    {
        try
        {
            await LoadAsync().WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (PythonRuntimeException ex)
        {
            return ex;
        }

        Assert.Fail("The definitions loaded although they are invalid.");
        throw new InvalidOperationException();
    }

    public void Dispose() => _folder.Dispose();
}
