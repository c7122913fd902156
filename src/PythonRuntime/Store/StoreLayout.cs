namespace PythonRuntime.Store;

/// <summary>Where the store keeps things under its state folder: <c>store.db</c>, <c>artifacts/</c> and <c>logs/</c>.</summary>
internal sealed class StoreLayout
{
    public const string DatabaseFileName = "store.db";
    public const string ArtifactsFolderName = "artifacts";
    public const string LogsFolderName = "logs";

    public StoreLayout(string stateDirectory)
    {
        Root = Path.GetFullPath(stateDirectory);
        DatabasePath = Path.Combine(Root, DatabaseFileName);
        ArtifactsDirectory = Path.Combine(Root, ArtifactsFolderName);
        LogsDirectory = Path.Combine(Root, LogsFolderName);
    }

    public string Root { get; }

    public string DatabasePath { get; }

    public string ArtifactsDirectory { get; }

    public string LogsDirectory { get; }

    public void CreateFolders()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(ArtifactsDirectory);
        Directory.CreateDirectory(LogsDirectory);
    }

    /// <summary>Gets the artifact folder path relative to <see cref="Root"/>, with '/' so the store reads the same everywhere.</summary>
    public static string ArtifactRelativePath(string project, string name, string id, string fileName) =>
        $"{ArtifactsFolderName}/{project}/{name}/{id}/{fileName}";

    public string Absolute(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    public string LogPath(string runId) => Path.Combine(LogsDirectory, runId + ".log");
}
