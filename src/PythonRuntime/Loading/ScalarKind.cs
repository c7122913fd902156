namespace PythonRuntime.Loading;

/// <summary>The YAML 1.2 core-schema type of a scalar.</summary>
public enum ScalarKind
{
    String,
    Null,
    Bool,
    Integer,
    Float,
}
