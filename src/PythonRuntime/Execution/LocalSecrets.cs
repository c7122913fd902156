using PythonRuntime.Diagnostics;
using PythonRuntime.Loading;

namespace PythonRuntime.Execution;

/// <summary>
/// Secret values for local runs. A task lists Kubernetes Secret names; locally their keys and values come from
/// the environment (<c>PYTHONRUNTIME_SECRET_&lt;NAME&gt;__&lt;KEY&gt;</c>, name upper-cased with '-' as '_') or from the
/// git-ignored file <c>secrets.local.yaml</c> at the repository root (<c>name: {key: value}</c>). Values are
/// written as files (mode 0600) under a private temporary folder, exactly as a pod sees a mounted Secret, and
/// the folder is deleted when the run ends. Values are never printed, logged or stored.
/// </summary>
public sealed class LocalSecrets(string repositoryRoot)
{
    /// <summary>The local secrets file, relative to the repository root.</summary>
    public const string FileName = "secrets.local.yaml";

    /// <summary>The environment variable prefix for secret values.</summary>
    public const string EnvironmentPrefix = "PYTHONRUNTIME_SECRET_";

    /// <summary>Reads the values of <paramref name="names"/>.</summary>
    /// <exception cref="PythonRuntimeException">A secret is not given anywhere, or the file is invalid.</exception>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> ReadAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var result = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return result;
        }

        var fromFile = await ReadFileAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in names)
        {
            var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (fromFile.TryGetValue(name, out var fileValues))
            {
                foreach (var (key, value) in fileValues)
                {
                    values[key] = value;
                }
            }

            var prefix = EnvironmentPrefix + name.ToUpperInvariant().Replace('-', '_').Replace('.', '_') + "__";
            foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                if (entry.Key is string variable && variable.StartsWith(prefix, StringComparison.Ordinal) && variable.Length > prefix.Length)
                {
                    values[variable[prefix.Length..]] = entry.Value as string ?? string.Empty;
                }
            }

            foreach (var key in values.Keys)
            {
                if (!IsKey(key))
                {
                    throw new PythonRuntimeException(ExitCodes.Usage, $"The secret '{name}' has a key '{key}' that is not a valid Secret key; use letters, digits, '-', '_' and '.' (as Kubernetes does), so it can be a file name.");
                }
            }

            if (values.Count == 0)
            {
                throw new PythonRuntimeException(ExitCodes.Usage, $"The secret '{name}' has no local value. Add it to {FileName} at the repository root ({name}: {{KEY: value}}) or set {prefix}KEY in the environment.");
            }

            result[name] = values;
        }

        return result;
    }

    /// <summary>Gets whether <paramref name="key"/> is a Kubernetes Secret key (and so a safe file name).</summary>
    public static bool IsKey(string key) =>
        key.Length is > 0 and <= 253 && key is not "." and not ".." && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Writes the secrets as files under a new private folder and returns the folder; the caller deletes it.</summary>
    public static string WriteFiles(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var root = Path.Combine(Path.GetTempPath(), $"pythonruntime-secrets-{Guid.NewGuid():N}");
        CreatePrivateDirectory(root);
        foreach (var (name, values) in secrets)
        {
            var folder = Path.Combine(root, name);
            CreatePrivateDirectory(folder);
            foreach (var (key, value) in values)
            {
                WritePrivateFile(Path.Combine(folder, key), value);
            }
        }

        return root;
    }

    /// <summary>Deletes a folder made by <see cref="WriteFiles"/>, ignoring one that is already gone.</summary>
    public static void DeleteFiles(string? folder)
    {
        if (folder is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WritePrivateFile(string path, string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllBytes(path, bytes);
            return;
        }

        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        stream.Write(bytes);
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private async Task<Dictionary<string, Dictionary<string, string>>> ReadFileAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(repositoryRoot, FileName);
        var values = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return values;
        }

        var diagnostics = new DiagnosticBag();
        var node = await new StrictYamlReader().ReadFileAsync(path, FileName, diagnostics, cancellationToken).ConfigureAwait(false);
        if (node is DocMapping mapping)
        {
            foreach (var (secretKey, secretNode) in mapping.Entries)
            {
                if (secretNode is not DocMapping entries)
                {
                    // Report the location only: the value itself may be secret.
                    diagnostics.Error(secretNode.Location, secretKey.Value, "expected a mapping of keys to values.");
                    continue;
                }

                var keys = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, valueNode) in entries.Entries)
                {
                    if (valueNode is DocScalar scalar)
                    {
                        keys[key.Value] = scalar.Value;
                    }
                    else
                    {
                        diagnostics.Error(valueNode.Location, $"{secretKey.Value}.{key.Value}", "expected a text value.");
                    }
                }

                values[secretKey.Value] = keys;
            }
        }
        else if (node is not null)
        {
            diagnostics.Error(node.Location, string.Empty, "expected a mapping of secret names to {key: value} mappings.");
        }

        diagnostics.ThrowIfErrors();
        return values;
    }
}
