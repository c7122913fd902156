namespace PythonRuntime.Specs;

/// <summary>The Python versions a function may ask for, named as in definition files (PYTHON3_11).</summary>
public enum PythonVersion
{
    Python3_9,
    Python3_10,
    Python3_11,
    Python3_12,
    Python3_13,
}
