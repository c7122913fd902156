namespace PythonRuntime.Tests.Kubernetes;

/// <summary>A fake clock whose timers fire only when the test calls <see cref="FireAll"/>; disposed timers never fire.</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly List<ManualTimer> timers = [];

    public void FireAll()
    {
        List<ManualTimer> due;
        lock (timers)
        {
            due = [.. timers];
            timers.Clear();
        }

        foreach (var timer in due.Where(t => !t.Disposed))
        {
            timer.Callback(timer.State);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state);
        lock (timers)
        {
            timers.Add(timer);
        }

        return timer;
    }

    private sealed class ManualTimer(TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
