using System.Reflection;
using Cake.Core;

namespace PythonRuntime.Build.Hosting;

/// <summary>
/// Puts task classes on the Cake engine the way Cake.Frosting does: name from <see cref="TaskNameAttribute"/>
/// (else the type name), actions and handlers only where the class overrides them, dependencies in
/// attribute order.
/// </summary>
public static class TaskRegistrar
{
    public static void Register(ICakeEngine engine, IEnumerable<IFrostingTask> tasks, ICakeContext context)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(tasks);
        foreach (var task in tasks)
        {
            var type = task.GetType();
            var builder = engine.RegisterTask(NameOf(type));
            if (type.GetCustomAttribute<TaskDescriptionAttribute>() is { } description)
            {
                builder.Description(description.Description);
            }

            if (Overrides(type, "Run") || Overrides(type, "RunAsync"))
            {
                builder.Does(task.RunAsync);
            }

            if (Overrides(type, "ShouldRun"))
            {
                builder.WithCriteria(task.ShouldRun, task.SkippedMessage);
            }

            if (Overrides(type, "OnError"))
            {
                builder.OnError((exception, _) => task.OnError(exception, context));
            }

            if (Overrides(type, "Finally"))
            {
                builder.Finally(() => task.Finally(context));
            }

            foreach (var dependency in type.GetCustomAttributes<IsDependentOnAttribute>())
            {
                builder.IsDependentOn(NameOf(dependency.Task));
            }
        }
    }

    /// <summary>Gets the task name of a task class.</summary>
    public static string NameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetCustomAttribute<TaskNameAttribute>()?.Name ?? type.Name;
    }

    private static bool Overrides(Type type, string method) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Any(m => m.Name == method && m.GetBaseDefinition().DeclaringType != m.DeclaringType);
}
