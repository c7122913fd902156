namespace PythonRuntime.Execution.Local;

/// <summary>What a staged local run has on disk: its environment, output folder, runner spec and secret files (if any).</summary>
public sealed record LocalRunFiles(LocalEnvironment Environment, string OutputDirectory, string SpecPath, string? SecretsFolder);
