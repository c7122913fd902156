using System.Text;
using System.Text.Json;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;
using PythonRuntime.Execution.Http;
using PythonRuntime.Store;

namespace PythonRuntime.Sdk;

/// <summary>
/// A run of a function, named after the seed's Run: <see cref="Output"/>, <see cref="Outputs"/>, <see cref="Result"/>,
/// <see cref="Results"/>, <see cref="Invoke"/>, <see cref="Wait"/>, <see cref="Stop"/> and <see cref="Refresh"/>, each
/// with an async twin. It reads and changes the run through the store, so it works from any process.
/// </summary>
public sealed class Run
{
    private readonly RunServiceOptions _options;

    internal Run(RunRecord record, RunServiceOptions options)
    {
        Record = record;
        _options = options;
    }

    /// <summary>Gets the run as last read from the store.</summary>
    public RunRecord Record { get; private set; }

    public string Id => Record.Id;

    /// <summary>Gets the run's entity key, <c>store://project/run/function:id</c>.</summary>
    public string Key => Record.Key.ToString();

    public RunState State => Record.State;

    /// <summary>Gets why the run failed, when it did.</summary>
    public RunError? Error => Record.Error;

    /// <summary>Gets the URL of a running service.</summary>
    public string? ServiceUrl => Record.Service?.Url;

    /// <summary>Gets a result by name (a JSON value), or null when the run has no such result.</summary>
    public JsonElement? Result(string name) => Record.Results.TryGetValue(name, out var value) ? value : null;

    /// <summary>Gets every result by name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Results() => Record.Results;

    /// <summary>Gets an output by name: its key (<paramref name="asKey"/>), a dictionary (<paramref name="asDict"/>), or an <see cref="Artifact"/>; null when there is no such output.</summary>
    public object? Output(string name, bool asKey = false, bool asDict = false) =>
        OutputAsync(name, asKey, asDict).GetAwaiter().GetResult();

    /// <inheritdoc cref="Output"/>
    public async Task<object?> OutputAsync(string name, bool asKey = false, bool asDict = false, CancellationToken cancellationToken = default)
    {
        if (!Record.Outputs.TryGetValue(name, out var key))
        {
            return null;
        }

        if (asKey)
        {
            return key;
        }

        await using var service = await RunService.OpenAsync(_options, cancellationToken).ConfigureAwait(false);
        var artifact = Artifact.From(await service.ResolveAsync(key, cancellationToken).ConfigureAwait(false));
        return asDict ? artifact.ToDictionary() : artifact;
    }

    /// <summary>Gets every output by name, in the form <see cref="Output"/> describes.</summary>
    public IReadOnlyDictionary<string, object?> Outputs(bool asKey = false, bool asDict = false) =>
        OutputsAsync(asKey, asDict).GetAwaiter().GetResult();

    /// <inheritdoc cref="Outputs"/>
    public async Task<IReadOnlyDictionary<string, object?>> OutputsAsync(bool asKey = false, bool asDict = false, CancellationToken cancellationToken = default)
    {
        var outputs = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in Record.Outputs.Keys)
        {
            outputs[name] = await OutputAsync(name, asKey, asDict, cancellationToken).ConfigureAwait(false);
        }

        return outputs;
    }

    /// <summary>
    /// Calls the running service, as the seed's <c>run.invoke(method, url, json=..., data=...)</c>. The method stays
    /// what is given (POST by default); <paramref name="url"/> overrides the run's own URL.
    /// </summary>
    public InvokeResponse Invoke(string method = "POST", string? url = null, object? json = null, object? data = null, IReadOnlyDictionary<string, string>? headers = null, IReadOnlyDictionary<string, string>? query = null, string path = "/", TimeSpan? timeout = null) =>
        InvokeAsync(method, url, json, data, headers, query, path, timeout).GetAwaiter().GetResult();

    /// <inheritdoc cref="Invoke"/>
    public async Task<InvokeResponse> InvokeAsync(string method = "POST", string? url = null, object? json = null, object? data = null, IReadOnlyDictionary<string, string>? headers = null, IReadOnlyDictionary<string, string>? query = null, string path = "/", TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var request = new InvokeRequest
        {
            Method = method,
            Url = url,
            Path = path,
            Json = json is null ? null : json is JsonElement element ? element : JsonSerializer.SerializeToElement(json),
            Data = data switch
            {
                null => null,
                byte[] bytes => bytes,
                string text => Encoding.UTF8.GetBytes(text),
                _ => throw new PythonRuntimeException(ExitCodes.Usage, $"data must be a string or bytes, not {data.GetType().Name}; use json for objects."),
            },
            Headers = headers ?? new Dictionary<string, string>(),
            Query = query ?? new Dictionary<string, string>(),
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        await using var service = await RunService.OpenAsync(_options, cancellationToken).ConfigureAwait(false);
        return await service.InvokeAsync(Id, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until a job has ended or a service is running (or ended), reading the store; returns this run.</summary>
    /// <exception cref="PythonRuntimeException">The run did not get there within <paramref name="timeout"/>.</exception>
    public Run Wait(TimeSpan? timeout = null) => WaitAsync(timeout).GetAwaiter().GetResult();

    /// <inheritdoc cref="Wait"/>
    public async Task<Run> WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(10));
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            var settled = Record.IsFinal || Record.IsOrphaned || (Record.Action == Specs.TaskAction.Serve && Record.State == RunState.Running);
            if (settled)
            {
                return this;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new PythonRuntimeException(ExitCodes.RunFailed, $"The run '{Id}' is still {RunStates.ToText(State)} after {(timeout ?? TimeSpan.FromMinutes(10)).TotalSeconds:0.#} s.");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }

    /// <summary>Stops a running service (a finished run is left as it is); returns this run.</summary>
    public Run Stop() => StopAsync().GetAwaiter().GetResult();

    /// <inheritdoc cref="Stop"/>
    public async Task<Run> StopAsync(CancellationToken cancellationToken = default)
    {
        await using var service = await RunService.OpenAsync(_options, cancellationToken).ConfigureAwait(false);
        Record = await service.StopAsync(Id, cancellationToken).ConfigureAwait(false);
        return this;
    }

    /// <summary>Reads the run again from the store; returns this run.</summary>
    public Run Refresh() => RefreshAsync().GetAwaiter().GetResult();

    /// <inheritdoc cref="Refresh"/>
    public async Task<Run> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await using var service = await RunService.OpenAsync(_options, cancellationToken).ConfigureAwait(false);
        Record = await service.GetAsync(Id, cancellationToken).ConfigureAwait(false);
        return this;
    }

    /// <inheritdoc/>
    public override string ToString() => $"run {Id} of '{Record.FunctionName}' ({RunStates.ToText(State)})";
}
