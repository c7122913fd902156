using System.Collections.Concurrent;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>
/// A fake clock for retry tests: every timer (a <c>Task.Delay</c>) is recorded, moves the clock forward by its due
/// time and fires at once on the thread pool, so waits take no real time and their lengths can be asserted.
/// </summary>
internal sealed class AutoAdvancingTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> delays = new();
    private long ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public IReadOnlyList<TimeSpan> Delays => [.. delays];

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            delays.Enqueue(dueTime);
            Interlocked.Add(ref ticks, dueTime.Ticks);
            ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
        }

        return new InertTimer();
    }

    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
