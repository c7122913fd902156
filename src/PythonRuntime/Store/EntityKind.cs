namespace PythonRuntime.Store;

/// <summary>The kinds of entity an <see cref="EntityKey"/> can name. Written lower-case in keys.</summary>
public enum EntityKind
{
    Function,
    Run,
    Artifact,

    /// <summary>A container image built by the build action (a row of the images table).</summary>
    Image,
}
