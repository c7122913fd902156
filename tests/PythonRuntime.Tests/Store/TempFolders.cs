namespace PythonRuntime.Tests.Store;

/// <summary>Unique temporary folders for store tests.</summary>
internal static class TempFolders
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "pythonruntime-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
