namespace PythonRuntime.Validation;

/// <summary>
/// Size and count caps of definition values. They are far above what a real function needs and exist so
/// a mistaken or hostile definition cannot make validation, builds or manifests allocate without bound.
/// </summary>
public static class Limits
{
    /// <summary>The largest inline source (<c>code</c>, or <c>base64</c> once decoded), in bytes: 1 MiB.</summary>
    public const int MaxInlineCodeBytes = 1024 * 1024;

    /// <summary>The longest <c>base64</c> text: the encoded length of <see cref="MaxInlineCodeBytes"/>.</summary>
    public const int MaxBase64Chars = (MaxInlineCodeBytes + 2) / 3 * 4;

    /// <summary>The largest single file a local <c>code_src</c> may name, in bytes: 16 MiB.</summary>
    public const long MaxCodeFileBytes = 16L * 1024 * 1024;

    /// <summary>The largest total size of a local <c>code_src</c> folder, in bytes: 64 MiB.</summary>
    public const long MaxCodeFolderBytes = 64L * 1024 * 1024;

    /// <summary>The most entries (files and folders) a local <c>code_src</c> folder may hold.</summary>
    public const int MaxCodeFolderEntries = 10_000;

    /// <summary>The most symbolic links followed while resolving one path, as Linux does (ELOOP).</summary>
    public const int MaxLinkHops = 40;

    /// <summary>The most replicas a serve task may ask for; more is almost certainly a typo.</summary>
    public const int MaxReplicas = 1000;

    /// <summary>The longest description, in characters.</summary>
    public const int MaxDescriptionLength = 4096;

    /// <summary>The longest single-line value (a requirement, an instruction, a URI), in characters.</summary>
    public const int MaxLineLength = 4096;
}
