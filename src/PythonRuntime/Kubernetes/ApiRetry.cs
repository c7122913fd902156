using System.Globalization;
using System.Net;
using k8s.Autorest;
using PythonRuntime.Diagnostics;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// Runs one idempotent API call (GET, list, server-side apply, DELETE) with bounded retries: 429 after the server's
/// Retry-After, 5xx and transport errors after an exponential backoff with jitter, all under one deadline. Other 4xx
/// are not retried. Waiting uses the injected <see cref="TimeProvider"/>, so tests check timings without sleeping.
/// </summary>
public sealed class ApiRetry
{
    private readonly ApiRetryOptions options;
    private readonly TimeProvider time;

    public ApiRetry(ApiRetryOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxAttempts, "MaxAttempts must be at least 1.");
        }

        this.options = options;
        this.time = time;
    }

    /// <summary>Gets the time provider the waits use.</summary>
    public TimeProvider Time => time;

    /// <summary>Runs <paramref name="call"/>, retrying transient failures; <paramref name="what"/> names it in errors.</summary>
    public async Task<T> ExecuteAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                failure = e;
            }

            var delay = DelayAfter(failure, attempt);
            var elapsed = time.GetElapsedTime(started);
            if (attempt >= options.MaxAttempts || elapsed + delay > options.Deadline)
            {
                var why = attempt >= options.MaxAttempts
                    ? $"{attempt} tries"
                    : $"{attempt} tries in {elapsed.TotalSeconds:0.###} s (the next wait of {delay.TotalSeconds:0.###} s would pass the {options.Deadline.TotalSeconds:0.###} s deadline)";
                throw new PythonRuntimeException(
                    ExitCodes.Environment,
                    $"Kubernetes API call '{what}' still failed after {why}: {Describe(failure)}. Check that the cluster is reachable and healthy, then run again.",
                    failure);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits before reopening a watch that failed <paramref name="failures"/> times in a row (exponential backoff with
    /// jitter); throws once the failures reach the retry bound.
    /// </summary>
    public async Task WaitBeforeReconnectAsync(string what, int failures, Exception failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failures >= options.MaxAttempts || !IsTransient(failure, cancellationToken))
        {
            throw new PythonRuntimeException(
                ExitCodes.Environment,
                $"Kubernetes watch '{what}' failed {failures} times in a row: {Describe(failure)}. Check that the cluster is reachable and healthy, then run again.",
                failure);
        }

        await Task.Delay(Backoff(failures), time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits the backoff of the <paramref name="attempt"/>-th retry (exponential with jitter, capped).</summary>
    public Task WaitAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(Backoff(Math.Max(1, attempt)), time, cancellationToken);

    /// <summary>Gets the HTTP status of an API failure, or null for transport errors.</summary>
    public static HttpStatusCode? StatusOf(Exception exception) =>
        exception is HttpOperationException { Response: not null } http ? http.Response.StatusCode : null;

    /// <summary>Describes an API failure in one line: status and the server's message.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is HttpOperationException { Response: not null } http)
        {
            var message = StatusMessage(http.Response.Content);
            return $"HTTP {(int)http.Response.StatusCode} {http.Response.StatusCode}" + (message is null ? string.Empty : $" '{message}'");
        }

        return $"{exception.GetType().Name} '{exception.Message}'";
    }

    private static string? StatusMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(content);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == System.Text.Json.JsonValueKind.String
                ? message.GetString()
                : Clip(content);
        }
        catch (System.Text.Json.JsonException)
        {
            return Clip(content);
        }
    }

    private static string Clip(string text) => text.Length <= 300 ? text.Trim() : text[..300].Trim() + "...";

    private static bool IsTransient(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var status = StatusOf(exception);
        if (status is not null)
        {
            var code = (int)status.Value;
            return code == 429 || code >= 500;
        }

        // A connection refused or reset, or a timeout of the HTTP client (not our token).
        return exception is HttpRequestException or IOException or TaskCanceledException;
    }

    private TimeSpan DelayAfter(Exception failure, int attempt)
    {
        if (StatusOf(failure) == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = RetryAfter((HttpOperationException)failure) ?? options.BaseDelay;
            return retryAfter > options.MaxDelay ? options.MaxDelay : retryAfter;
        }

        return Backoff(attempt);
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        var jitter = 1 + (options.JitterFraction * ((2 * options.NextRandom()) - 1));
        return TimeSpan.FromTicks((long)Math.Max(0, capped * jitter * TimeSpan.TicksPerMillisecond));
    }

    private static TimeSpan? RetryAfter(HttpOperationException failure)
    {
        var headers = failure.Response.Headers;
        if (headers is null)
        {
            return null;
        }

        foreach (var (name, values) in headers)
        {
            if (!string.Equals(name, "Retry-After", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = values.FirstOrDefault();
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }
}
