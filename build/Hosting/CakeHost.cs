using System.Reflection;
using Cake.Cli;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Modules;
using Cake.Core.Scripting;
using Microsoft.Extensions.DependencyInjection;
using PythonRuntime.Diagnostics;
using Spectre.Console;

namespace PythonRuntime.Build.Hosting;

/// <summary>
/// A Frosting-shaped host on the Cake engine: finds the task classes of the entry assembly, parses Cake's
/// options (<c>--target</c>, <c>--verbosity</c>, <c>--dryrun</c>, <c>--exclusive</c>, <c>--tree</c>,
/// <c>--description</c>), runs the graph and prints Cake's summary table. Returns the process exit code.
/// </summary>
public sealed class CakeHost<TContext>
    where TContext : FrostingContext
{
    private readonly Assembly _assembly;

    public CakeHost(Assembly? assembly = null)
    {
        _assembly = assembly ?? Assembly.GetEntryAssembly() ?? typeof(TContext).Assembly;
    }

    /// <summary>Runs the targets named in <paramref name="args"/> and returns the exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        HostOptions options;
        try
        {
            options = HostOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"Error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var lifetime = new HostLifetime();
        await using var provider = BuildServices(options, lifetime);
        var log = provider.GetRequiredService<ICakeLog>();
        log.Verbosity = options.Verbosity;
        try
        {
            if (options.Help)
            {
                WriteHelp(provider.GetRequiredService<IAnsiConsole>());
                return ExitCodes.Success;
            }

            UseWorkingDirectory(provider, options);
            var context = provider.GetRequiredService<TContext>();
            var engine = provider.GetRequiredService<ICakeEngine>();
            var tasks = TaskTypes().Select(type => (IFrostingTask)ActivatorUtilities.CreateInstance(provider, type)).ToArray();
            TaskRegistrar.Register(engine, tasks, context);
            var host = CreateScriptHost(provider, options, context, engine, tasks);
            if (options.Exclusive)
            {
                host.Settings.UseExclusiveTarget();
            }

            await host.RunTargetsAsync(options.Targets).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (Exception ex)
        {
            return Report(ex, log);
        }
    }

    private static ServiceProvider BuildServices(HostOptions options, HostLifetime lifetime)
    {
        var services = new ServiceCollection();
        services.UseModule<CoreModule>();
        services.AddCakeDiagnostics();
        services.AddSingleton(options);
        services.AddSingleton(lifetime);
        services.AddSingleton<ICakeArguments>(options.Arguments);
        services.AddSingleton<ICakeConfiguration>(sp =>
            new CakeConfigurationProvider(sp.GetRequiredService<IFileSystem>(), sp.GetRequiredService<ICakeEnvironment>())
                .CreateConfiguration(sp.GetRequiredService<ICakeEnvironment>().WorkingDirectory, new Dictionary<string, string>()));
        services.AddSingleton<TContext>(sp => ActivatorUtilities.CreateInstance<TContext>(sp, sp.GetRequiredService<ICakeContext>()));
        return services.BuildServiceProvider();
    }

    private static void UseWorkingDirectory(IServiceProvider provider, HostOptions options)
    {
        if (options.WorkingDirectory is null)
        {
            return;
        }

        var environment = provider.GetRequiredService<ICakeEnvironment>();
        var directory = new DirectoryPath(options.WorkingDirectory).MakeAbsolute(environment);
        if (!provider.GetRequiredService<IFileSystem>().Exist(directory))
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"The working directory '{directory.FullPath}' does not exist.");
        }

        environment.WorkingDirectory = directory;
    }

    private IEnumerable<Type> TaskTypes() =>
        _assembly.GetExportedTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IFrostingTask).IsAssignableFrom(type))
            .OrderBy(type => TaskRegistrar.NameOf(type), StringComparer.Ordinal);

    private static ScriptHost CreateScriptHost(IServiceProvider provider, HostOptions options, TContext context, ICakeEngine engine, IReadOnlyList<IFrostingTask> tasks)
    {
        var log = provider.GetRequiredService<ICakeLog>();
        if (options.Tree)
        {
            return new TreeScriptHost(engine, context, provider.GetRequiredService<IConsole>());
        }

        if (options.Description)
        {
            return new DescriptionScriptHost(engine, context, provider.GetRequiredService<IAnsiConsole>());
        }

        var printer = provider.GetRequiredService<ICakeReportPrinter>();
        IExecutionStrategy strategy = new DefaultExecutionStrategy(log, printer);
        if (options.DryRun)
        {
            var reporting = tasks.Where(task => task is ISupportsDryRun).Select(task => TaskRegistrar.NameOf(task.GetType()));
            strategy = new DryRunExecutionStrategy(strategy, new HashSet<string>(reporting, StringComparer.OrdinalIgnoreCase), log);
            log.Information("Performing dry run: tasks that can report what they would do run in reporting mode; the rest are listed only.");
        }

        return new BuildScriptHost<TContext>(engine, strategy, context, printer, provider.GetRequiredService<ICakeConfiguration>(), log);
    }

    private static int Report(Exception exception, ICakeLog log)
    {
        var error = exception is CakeReportException { InnerException: { } inner } ? inner : exception;
        while (error is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            error = aggregate.InnerExceptions[0];
        }

        switch (error)
        {
            case PythonRuntimeException known:
                foreach (var line in known.Message.Split('\n'))
                {
                    log.Error(Verbosity.Quiet, "{0}", line.TrimEnd('\r'));
                }

                return known.ExitCode;
            case OperationCanceledException:
                log.Error(Verbosity.Quiet, "Cancelled.");
                return ExitCodes.Cancelled;
            default:
                return log.LogException(error);
        }
    }

    private void WriteHelp(IAnsiConsole console)
    {
        console.WriteLine("Usage: ./build.sh [--target=NAME] [--verbosity=quiet|minimal|normal|verbose|diagnostic] [--dryrun] [--exclusive] [--tree] [--description] [task options]");
        console.WriteLine();
        console.WriteLine("Targets:");
        foreach (var type in TaskTypes())
        {
            var description = type.GetCustomAttribute<TaskDescriptionAttribute>()?.Description ?? string.Empty;
            console.WriteLine($"  {TaskRegistrar.NameOf(type),-12} {description}");
        }
    }
}
