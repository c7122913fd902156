using System.Globalization;
using System.Text.Json.Nodes;

namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <summary>
/// The test double's objects by (resource, namespace, name), a global resourceVersion counter and the event history
/// watches replay from. Every change completes the current <see cref="Changed"/> task so waiting watches wake up.
/// </summary>
internal sealed class ApiObjectStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Resource, string Namespace, string Name), JsonObject> objects = [];
    private readonly List<StoredEvent> events = [];
    private long resourceVersion = 1000;
    private TaskCompletionSource changed = NewSignal();

    /// <summary>Gets a task that completes at the next change.</summary>
    public Task Changed
    {
        get
        {
            lock (gate)
            {
                return changed.Task;
            }
        }
    }

    public long ResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }
    }

    public JsonObject? Get(string resource, string ns, string name)
    {
        lock (gate)
        {
            return objects.TryGetValue((resource, ns, name), out var found) ? (JsonObject)found.DeepClone() : null;
        }
    }

    public (List<JsonObject> Items, long ResourceVersion) List(string resource, string ns, Func<JsonObject, bool> match)
    {
        lock (gate)
        {
            var items = objects
                .Where(o => o.Key.Resource == resource && o.Key.Namespace == ns && match(o.Value))
                .OrderBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => (JsonObject)o.Value.DeepClone())
                .ToList();
            return (items, resourceVersion);
        }
    }

    /// <summary>Gets the events after <paramref name="after"/> for a resource and namespace that match.</summary>
    public List<StoredEvent> EventsAfter(long after, string resource, string ns, Func<JsonObject, bool> match)
    {
        lock (gate)
        {
            return events.Where(e => e.ResourceVersion > after && e.Resource == resource && e.Namespace == ns && match(e.Object)).ToList();
        }
    }

    /// <summary>Stores an object (created or replaced) and returns (stored copy, created).</summary>
    public (JsonObject Stored, bool Created) Put(string resource, string ns, string name, JsonObject value)
    {
        lock (gate)
        {
            var created = !objects.ContainsKey((resource, ns, name));
            var rv = ++resourceVersion;
            var metadata = value["metadata"] as JsonObject ?? [];
            value["metadata"] = metadata;
            metadata["name"] = name;
            metadata["namespace"] = ns;
            metadata["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= "2026-01-01T00:00:00Z";
            objects[(resource, ns, name)] = value;
            Record(rv, resource, ns, created ? "ADDED" : "MODIFIED", value);
            return ((JsonObject)value.DeepClone(), created);
        }
    }

    /// <summary>Changes a stored object in place; false when it does not exist.</summary>
    public bool Update(string resource, string ns, string name, Action<JsonObject> change)
    {
        lock (gate)
        {
            if (!objects.TryGetValue((resource, ns, name), out var value))
            {
                return false;
            }

            change(value);
            var rv = ++resourceVersion;
            value["metadata"]!["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            Record(rv, resource, ns, "MODIFIED", value);
            return true;
        }
    }

    public bool Delete(string resource, string ns, string name)
    {
        lock (gate)
        {
            if (!objects.Remove((resource, ns, name), out var value))
            {
                return false;
            }

            var rv = ++resourceVersion;
            Record(rv, resource, ns, "DELETED", value);
            return true;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Record(long rv, string resource, string ns, string type, JsonObject value)
    {
        events.Add(new StoredEvent(rv, resource, ns, type, (JsonObject)value.DeepClone()));
        var previous = changed;
        changed = NewSignal();
        previous.TrySetResult();
    }
}
