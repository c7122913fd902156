namespace PythonRuntime.Build.Hosting;

/// <summary>Makes a task run after <see cref="Task"/>, in attribute order.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependentOnAttribute(Type task) : Attribute
{
    public Type Task { get; } = task;
}
