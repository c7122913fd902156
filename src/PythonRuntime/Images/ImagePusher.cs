using System.Text.RegularExpressions;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution;

namespace PythonRuntime.Images;

/// <summary>
/// Pushes a tag with <c>docker push</c>: transient failures (registry down, connection reset, 5xx, 429) are retried
/// with backoff and jitter within one deadline; refused credentials never are. Returns the digest the registry
/// gave the manifest.
/// </summary>
public sealed partial class ImagePusher(DockerCli docker, IRunLog log, PushRetryOptions? retry = null, TimeProvider? time = null)
{
    private readonly PushRetryOptions _retry = retry ?? PushRetryOptions.Default;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Pushes <paramref name="reference"/> (<c>repository:tag</c>) and returns its digest.</summary>
    /// <exception cref="PythonRuntimeException">The push failed for good: credentials refused, or still failing after the last attempt (exit code 5).</exception>
    public async Task<string> PushAsync(string reference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var started = _time.GetTimestamp();
        var delay = _retry.FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            // An attempt may use what is left of the deadline, so a registry that stalls cannot hold the push forever.
            var left = _retry.Deadline - _time.GetElapsedTime(started);
            var result = await docker.RunAsync(["push", reference], (line, _) => log.Info($"  {line}"), cancellationToken: cancellationToken, timeout: left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (result.Succeeded && DigestLine().Match(result.Text) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            var kind = result.TimedOut ? DockerFailureKind.Transient : result.Succeeded ? DockerFailureKind.Other : DockerFailure.Classify(result.Text);
            var tail = result.TimedOut ? $"no answer within {left.TotalSeconds:0.#} s (the registry stalls)" : result.Tail(3);
            switch (kind)
            {
                case DockerFailureKind.Unauthorized:
                    throw new PythonRuntimeException(
                        ExitCodes.Environment,
                        $"The registry refused to let '{reference}' be pushed ({tail}). Log in first: set PYTHONRUNTIME_REGISTRY_USERNAME and PYTHONRUNTIME_REGISTRY_PASSWORD (the password is given to 'docker login --password-stdin'), or check the account's push rights. Not retried.");
                case DockerFailureKind.DaemonUnavailable:
                    throw new PythonRuntimeException(ExitCodes.Environment, $"The Docker engine stopped answering while pushing '{reference}': {tail}. Start it and run again.");
                case DockerFailureKind.Other:
                    throw new PythonRuntimeException(ExitCodes.Environment, result.Succeeded
                        ? $"docker push '{reference}' printed no digest; the registry may not support manifest digests."
                        : $"docker push '{reference}' failed: {tail}");
            }

            var elapsed = _time.GetElapsedTime(started);
            var wait = Jittered(delay);
            if (attempt >= _retry.MaxAttempts || elapsed + wait > _retry.Deadline)
            {
                throw new PythonRuntimeException(
                    ExitCodes.Environment,
                    $"Pushing '{reference}' failed {attempt} time(s) in {elapsed.TotalSeconds:0.0} s; the registry looks down or overloaded. Last error: {tail}. Run again once the registry answers: layers already pushed are not sent again.");
            }

            log.Info($"push of {reference} failed (attempt {attempt} of {_retry.MaxAttempts}: {LastLine(tail)}); retrying in {wait.TotalSeconds:0.0} s");
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _retry.MaxDelay.Ticks));
        }
    }

    private static TimeSpan Jittered(TimeSpan delay) =>
        delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.25 * Random.Shared.NextDouble()));

    private static string LastLine(string text) => text.Split('\n').LastOrDefault() ?? text;

    [GeneratedRegex(@"digest: (sha256:[0-9a-f]{64})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DigestLine();
}
