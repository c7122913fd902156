namespace PythonRuntime.Store;

/// <summary>The kinds of entity an <see cref="EntityKey"/> can name. Written lower-case in keys.</summary>
public enum EntityKind
{
    Function,
    Run,
    Artifact,
}
