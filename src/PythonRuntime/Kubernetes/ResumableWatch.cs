using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// List-then-watch of one kind until a decision is reached: lists (retried), then watches from the list's
/// resourceVersion with bookmarks; a watch that ends is reopened from the last resourceVersion seen; 410 Gone (as an
/// HTTP status or an ERROR event) re-lists. Transport failures back off under the retry bounds.
/// </summary>
/// <typeparam name="T">The watched kind.</typeparam>
/// <typeparam name="TList">Its list kind.</typeparam>
internal sealed class ResumableWatch<T, TList>
    where T : IKubernetesObject<V1ObjectMeta>
    where TList : IItems<T>, IMetadata<V1ListMeta>
{
    private readonly string what;
    private readonly ApiRetry retry;
    private readonly Func<CancellationToken, Task<TList>> list;
    private readonly Func<string?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch;

    /// <param name="what">Names the watch in errors.</param>
    /// <param name="retry">Retry bounds for lists and reconnects.</param>
    /// <param name="list">The list call.</param>
    /// <param name="watch">The watch call: (resourceVersion, onError, token).</param>
    public ResumableWatch(
        string what,
        ApiRetry retry,
        Func<CancellationToken, Task<TList>> list,
        Func<string?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
    {
        this.what = what;
        this.retry = retry;
        this.list = list;
        this.watch = watch;
    }

    /// <summary>Gets how many watch connections were opened.</summary>
    public int Watches { get; private set; }

    /// <summary>Gets how many times the watch re-listed after 410 Gone.</summary>
    public int Relists { get; private set; }

    /// <summary>
    /// Runs until <paramref name="decide"/> returns a value for an object in the list or a watch event (listed objects
    /// count as <see cref="WatchEventType.Added"/>).
    /// </summary>
    public async Task<TResult> RunAsync<TResult>(Func<WatchEventType, T, TResult?> decide, CancellationToken cancellationToken)
        where TResult : class
    {
        while (true)
        {
            var listed = await retry.ExecuteAsync($"list {what}", list, cancellationToken).ConfigureAwait(false);
            foreach (var item in listed.Items ?? [])
            {
                if (decide(WatchEventType.Added, item) is { } decided)
                {
                    return decided;
                }
            }

            var resourceVersion = listed.Metadata?.ResourceVersion;
            var failures = 0;
            var emptyEnds = 0;
            var gone = false;
            while (!gone)
            {
                Exception? error = null;
                var received = false;
                Watches++;
                try
                {
                    var events = watch(resourceVersion, e => error ??= e, cancellationToken);
                    await foreach (var (type, item) in events.ConfigureAwait(false))
                    {
                        failures = 0;
                        emptyEnds = 0;
                        received = true;
                        if (item?.Metadata?.ResourceVersion is { Length: > 0 } seen)
                        {
                            resourceVersion = seen;
                        }

                        if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted && decide(type, item!) is { } decided)
                        {
                            return decided;
                        }
                    }
                }
                catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone)
                {
                    gone = true;
                    continue;
                }
                catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested && e.InnerException is EndOfStreamException)
                {
                    // KubernetesClient peeks at the first line of a watch; a stream that ends before any line (a server or
                    // proxy closing an idle watch, or a reset connection) surfaces as this. The first one is reopened at
                    // once; repeated ones back off and count against the retry bound.
                    emptyEnds++;
                    if (emptyEnds > 1)
                    {
                        await retry.WaitBeforeReconnectAsync($"watch {what}", emptyEnds - 1, e, cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not KubernetesException)
                {
                    failures++;
                    await retry.WaitBeforeReconnectAsync($"watch {what}", failures, e, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if ((error as KubernetesException)?.Status?.Code == (int)HttpStatusCode.Gone)
                {
                    gone = true;
                }
                else if (error is not null)
                {
                    failures++;
                    await retry.WaitBeforeReconnectAsync($"watch {what}", failures, error, cancellationToken).ConfigureAwait(false);
                }
                else if (!received && ++emptyEnds > 1)
                {
                    // The stream keeps ending with nothing in it: reopen it, but not in a tight loop.
                    await retry.WaitAsync(emptyEnds - 1, cancellationToken).ConfigureAwait(false);
                }
            }

            Relists++;
        }
    }
}
