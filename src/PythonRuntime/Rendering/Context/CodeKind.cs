namespace PythonRuntime.Rendering.Context;

/// <summary>Where a function's code comes from.</summary>
internal enum CodeKind
{
    /// <summary>One local file named by <c>code_src</c>.</summary>
    File,

    /// <summary>A local folder named by <c>code_src</c>.</summary>
    Folder,

    /// <summary>The <c>code</c> field.</summary>
    Inline,

    /// <summary>The <c>base64</c> field.</summary>
    Base64,

    /// <summary>An http(s), zip+http(s) or git+https URI: not fetched at render time.</summary>
    Remote,
}
