using k8s;
using k8s.Models;

namespace PythonRuntime.Kubernetes;

/// <summary>
/// Gives up on a pod the scheduler cannot place only after a grace period: a cluster autoscaler may add a node for
/// it, so "Unschedulable" is not final at once. The timer starts when the first unschedulable pod is seen and is
/// dropped when every such pod is scheduled (or gone). A zero grace gives up at once.
/// </summary>
internal sealed class UnschedulableTimer : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, PodProblem> pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<PodProblem> expired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan grace;
    private readonly TimeProvider time;
    private ITimer? timer;

    public UnschedulableTimer(TimeSpan grace, TimeProvider time)
    {
        this.grace = grace;
        this.time = time;
    }

    /// <summary>Gets a task that completes with the problem once a pod stayed unschedulable for the grace period.</summary>
    public Task<PodProblem> Expired => expired.Task;

    /// <summary>Takes one pod event into account.</summary>
    public void Observe(WatchEventType type, V1Pod pod)
    {
        var name = pod.Metadata?.Name ?? string.Empty;
        var problem = type == WatchEventType.Deleted ? null : PodProblem.Unschedulable(pod);
        lock (gate)
        {
            if (problem is null)
            {
                pending.Remove(name);
                if (pending.Count == 0)
                {
                    timer?.Dispose();
                    timer = null;
                }

                return;
            }

            pending[name] = problem;
            if (grace <= TimeSpan.Zero)
            {
                expired.TrySetResult(problem);
                return;
            }

            timer ??= time.CreateTimer(_ => Fire(), null, grace, Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            timer?.Dispose();
            timer = null;
        }
    }

    private void Fire()
    {
        lock (gate)
        {
            if (pending.Values.FirstOrDefault() is { } problem)
            {
                expired.TrySetResult(problem);
            }
        }
    }
}
