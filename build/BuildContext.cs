using Cake.Core;
using PythonRuntime.Build.Hosting;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Images;
using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Build;

/// <summary>
/// What every task of the build graph shares: the repository root, the options given on the command line and
/// the definitions once loaded. Options are read here, once, so tasks stay thin.
/// </summary>
public sealed class BuildContext : FrostingContext
{
    private DefinitionSet? _definitions;

    public BuildContext(ICakeContext context, HostOptions options, HostLifetime lifetime, IConsole console)
        : base(context)
    {
        RunLog = new CakeRunLog(context.Log, console);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifetime);
        Root = context.Environment.WorkingDirectory.FullPath;
        DryRun = options.DryRun;
        Stopping = lifetime.Stopping;
        Functions = Values("function");
        FunctionsDirectory = Value("functions-dir");
        ReadyTimeout = PositiveSeconds("ready-timeout");
    }

    /// <summary>Gets the repository root (the working directory).</summary>
    public string Root { get; }

    /// <summary>Gets a value indicating whether tasks must only report what they would do.</summary>
    public bool DryRun { get; }

    /// <summary>Gets the token cancelled by Ctrl+C or SIGTERM.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Gets the functions named with <c>--function</c> (all when empty).</summary>
    public IReadOnlyList<string> Functions { get; }

    /// <summary>Gets the folder given with <c>--functions-dir</c>, relative to the root.</summary>
    public string? FunctionsDirectory { get; }

    /// <summary>
    /// Gets <c>--ready-timeout</c>: how long a serve rollout (a serve run, Release <c>--deploy</c>) may take; null when
    /// not given. It is checked when the host starts, so a bad value fails before anything is built.
    /// </summary>
    public TimeSpan? ReadyTimeout { get; }

    /// <summary>Gets where run progress and function output are shown.</summary>
    public IRunLog RunLog { get; }

    /// <summary>Opens the run service over the state folder (<c>--state-dir</c>, default <c>.pythonruntime</c>).</summary>
    public Task<RunService> OpenRunServiceAsync() => RunService.OpenAsync(ServiceOptions, Stopping);

    /// <summary>Gets the run service options the command line gives (state folder, pip index, cluster, images).</summary>
    public RunServiceOptions ServiceOptions =>
        new(Root)
        {
            StateDirectory = Value("state-dir"),
            PipIndexUrl = Value("pip-index-url"),
            Kubernetes = new KubernetesOptions
            {
                Kubeconfig = Value("kubeconfig"),
                Context = Value("context"),
                Namespace = Value("namespace"),
                ForceConflicts = Flag("force-conflicts"),
                RegistrySecret = Value("registry-secret"),
                InsecureRegistry = Flag("insecure-registry"),
            },
            Images = ImageSettings,
            Log = RunLog,
        };

    /// <summary>Gets the image options: <c>--base-image</c>, <c>--network</c>, <c>--force</c>, <c>--push</c>, <c>--registry</c>, <c>--docker-host</c>.</summary>
    public ImageBuildSettings ImageSettings => new()
    {
        BaseImage = Value("base-image"),
        Network = Value("network"),
        Force = Flag("force"),
        Push = Flag("push"),
        Registry = Value("registry"),
        DockerHost = Value("docker-host"),
    };

    /// <summary>Gets the images built by the Build task in this invocation, for Push and Release.</summary>
    public List<Store.RunRecord> BuildRuns { get; } = [];

    /// <summary>Gets the images the Push task pushed in this invocation, for Release.</summary>
    public List<Store.ImageRecord> PushedImages { get; } = [];

    /// <summary>Gets a value indicating whether the flag <c>--name</c> was given (and not as <c>--name=false</c>).</summary>
    public bool Flag(string name) => Value(name) is { } value && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the one value of an option that must be given.</summary>
    /// <exception cref="PythonRuntimeException">The option is missing.</exception>
    public string Required(string name, string example) =>
        Value(name) ?? throw new PythonRuntimeException(ExitCodes.Usage, $"The option --{name} is required here (for example --{name}={example}).");

    /// <summary>
    /// Loads and validates the definitions once; later calls return the same set. Tasks call it themselves, so a
    /// target run with <c>--exclusive</c> (without Validate) still loads and checks what it uses.
    /// </summary>
    public async Task<DefinitionSet> LoadDefinitionsAsync()
    {
        _definitions ??= await new DefinitionLoader()
            .LoadAsync(new LoadOptions(Root, FunctionsDirectory, Functions), Stopping)
            .ConfigureAwait(false);
        return _definitions;
    }

    /// <summary>Gets the last value of the option <paramref name="name"/>, or null.</summary>
    public string? Value(string name) => Arguments.HasArgument(name) ? Arguments.GetArguments(name).LastOrDefault() : null;

    private TimeSpan? PositiveSeconds(string name)
    {
        var text = Value(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(seconds)
            : throw new PythonRuntimeException(ExitCodes.Usage, $"The option --{name}='{text}' is not a positive number of seconds (for example --{name}=120).");
    }

    /// <summary>Gets every value of the repeatable option <paramref name="name"/>.</summary>
    public IReadOnlyList<string> Values(string name) =>
        Arguments.HasArgument(name) ? Arguments.GetArguments(name).Where(v => v.Length > 0).ToArray() : [];
}
