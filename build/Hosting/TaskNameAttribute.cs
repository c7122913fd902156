namespace PythonRuntime.Build.Hosting;

/// <summary>Names a task; without it the type name is the task name.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TaskNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
