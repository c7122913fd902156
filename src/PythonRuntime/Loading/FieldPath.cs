namespace PythonRuntime.Loading;

/// <summary>Builds the dotted field paths used in messages and source maps.</summary>
public static class FieldPath
{
    /// <summary>Joins a parent path and a key: <c>tasks</c> + <c>job</c> = <c>tasks.job</c>.</summary>
    public static string Key(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    /// <summary>Joins a parent path and an index: <c>envs</c> + 0 = <c>envs[0]</c>.</summary>
    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
