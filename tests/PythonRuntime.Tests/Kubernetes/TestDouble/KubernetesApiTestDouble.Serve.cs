using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <content>
/// The scripted Deployment controller, Service allocation (cluster IP, node port, LoadBalancer ingress), nodes and
/// events. An apply of content equal to what is stored changes nothing (same resourceVersion), as server-side apply does.
/// </content>
internal sealed partial class KubernetesApiTestDouble
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> availableAt = new(StringComparer.Ordinal);
    private int eventCounter;

    /// <summary>Gets or sets how Deployments roll out; null leaves them waiting forever.</summary>
    public DeploymentBehaviour? Deployments { get; set; } = new();

    /// <summary>Gets or sets how Services are allocated.</summary>
    public ServiceBehaviour Services { get; set; } = new();

    /// <summary>Gets or sets the cluster's nodes as the node list returns them.</summary>
    public List<JsonObject> Nodes { get; set; } = [Node("node-1", ("InternalIP", "127.0.0.1"))];

    /// <summary>Gets the Stopwatch timestamp at which the double made a Deployment available, by name.</summary>
    public long? AvailableAt(string deploymentName) => availableAt.TryGetValue(deploymentName, out var at) ? at : null;

    public static JsonObject Node(string name, params (string Type, string Address)[] addresses) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject { ["name"] = name, ["resourceVersion"] = "1" },
        ["status"] = new JsonObject
        {
            ["addresses"] = new JsonArray([.. addresses.Select(a => (JsonNode)new JsonObject { ["type"] = a.Type, ["address"] = a.Address })]),
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
        },
    };

    /// <summary>Records an event about an object, as a controller or the scheduler would.</summary>
    public void AddEvent(string ns, string kind, string name, string reason, string message, string type = "Warning")
    {
        var id = Interlocked.Increment(ref eventCounter);
        Store.Put("events", ns, $"{name}.{id:x8}", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject(),
            ["involvedObject"] = new JsonObject { ["kind"] = kind, ["name"] = name, ["namespace"] = ns },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = type,
            ["lastTimestamp"] = "2026-01-01T00:00:02Z",
        });
    }

    /// <summary>
    /// Fills what the server owns (generation, cluster IP, node ports) and tells whether the apply changes anything;
    /// returns the object to store.
    /// </summary>
    private static (JsonObject Body, bool Changed, bool SpecChanged) Merge(string resource, string ns, JsonObject body, JsonObject? existing, ServiceBehaviour services)
    {
        var metadata = body["metadata"] as JsonObject ?? [];
        body["metadata"] = metadata;
        metadata["namespace"] = ns;
        if (resource == "services")
        {
            Allocate(body, existing, services);
        }

        var specChanged = existing is null || !JsonNode.DeepEquals(body["spec"], existing["spec"]);
        if (resource == "deployments")
        {
            var generation = existing?["metadata"]?["generation"]?.GetValue<long>() ?? 0;
            metadata["generation"] = specChanged ? generation + 1 : generation;
        }

        if (existing is null)
        {
            return (body, true, true);
        }

        var changed = !JsonNode.DeepEquals(Intent(body), Intent(existing));
        return (body, changed, specChanged);
    }

    private static JsonObject Intent(JsonObject value)
    {
        var copy = (JsonObject)value.DeepClone();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in new[] { "resourceVersion", "uid", "creationTimestamp", "managedFields" })
            {
                metadata.Remove(field);
            }
        }

        return copy;
    }

    private static void Allocate(JsonObject body, JsonObject? existing, ServiceBehaviour services)
    {
        var spec = body["spec"] as JsonObject ?? [];
        body["spec"] = spec;
        spec["clusterIP"] ??= existing?["spec"]?["clusterIP"]?.DeepClone() ?? "10.96.0.42";
        var type = spec["type"]?.GetValue<string>() ?? "ClusterIP";
        if (type is not ("NodePort" or "LoadBalancer"))
        {
            return;
        }

        var ports = spec["ports"]?.AsArray() ?? [];
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is JsonObject port && port["nodePort"] is null)
            {
                port["nodePort"] = existing?["spec"]?["ports"]?[i]?["nodePort"]?.DeepClone() ?? (services.NodePort ?? 30080) + i;
            }
        }
    }

    private void AfterApply(string resource, string ns, string name, JsonObject stored, bool specChanged)
    {
        if (resource == "deployments" && specChanged && Deployments is { } behaviour)
        {
            _ = Task.Run(() => RollOutAsync(ns, name, stored, behaviour));
        }

        if (resource == "services" && stored["spec"]?["type"]?.GetValue<string>() == "LoadBalancer" && Services.LoadBalancerIngress is { } ingress)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(Services.IngressAfter, stopping.Token).ConfigureAwait(false);
                Store.Update("services", ns, name, s => s["status"] = new JsonObject
                {
                    ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = ingress }) },
                });
            });
        }
    }

    private async Task RollOutAsync(string ns, string name, JsonObject deployment, DeploymentBehaviour behaviour)
    {
        var generation = deployment["metadata"]!["generation"]!.GetValue<long>();
        var desired = deployment["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        if (behaviour.PodWaitingReason is not null || behaviour.PodUnschedulable)
        {
            Store.Put("pods", ns, $"{name}-7d4b9c-x2x9p", DeploymentPod(deployment, behaviour));
        }

        if (behaviour.ReplicaFailure is { } failure)
        {
            Store.Update("deployments", ns, name, d => d["status"] = new JsonObject
            {
                ["observedGeneration"] = generation,
                ["replicas"] = 0,
                ["conditions"] = new JsonArray(
                    Condition("Progressing", "ReplicaSetUpdated", "ReplicaSet is progressing", "True"),
                    Condition("ReplicaFailure", "FailedCreate", failure, "True")),
            });
            AddEvent(ns, "ReplicaSet", $"{name}-7d4b9c", "FailedCreate", failure);
            return;
        }

        var wait = behaviour.NeverAvailable ? behaviour.ProgressDeadlineAfter : behaviour.AvailableAfter;
        await Task.Delay(wait, stopping.Token).ConfigureAwait(false);
        var updated = Store.Update("deployments", ns, name, d =>
        {
            if (d["metadata"]!["generation"]!.GetValue<long>() != generation)
            {
                return;
            }

            d["status"] = behaviour.NeverAvailable
                ? new JsonObject
                {
                    ["observedGeneration"] = generation,
                    ["replicas"] = desired,
                    ["updatedReplicas"] = desired,
                    ["availableReplicas"] = 0,
                    ["unavailableReplicas"] = desired,
                    ["conditions"] = new JsonArray(
                        Condition("Available", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", "False"),
                        Condition("Progressing", "ProgressDeadlineExceeded", $"ReplicaSet \"{name}-7d4b9c\" has timed out progressing.", "False")),
                }
                : new JsonObject
                {
                    ["observedGeneration"] = generation,
                    ["replicas"] = desired,
                    ["updatedReplicas"] = desired,
                    ["readyReplicas"] = desired,
                    ["availableReplicas"] = desired,
                    ["conditions"] = new JsonArray(
                        Condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability.", "True"),
                        Condition("Progressing", "NewReplicaSetAvailable", $"ReplicaSet \"{name}-7d4b9c\" has successfully progressed.", "True")),
                };
        });
        if (updated && !behaviour.NeverAvailable)
        {
            availableAt[name] = Stopwatch.GetTimestamp();
        }
    }

    private static JsonObject DeploymentPod(JsonObject deployment, DeploymentBehaviour behaviour)
    {
        var labels = deployment["spec"]?["template"]?["metadata"]?["labels"]?.DeepClone() ?? new JsonObject();
        var container = deployment["spec"]?["template"]?["spec"]?["containers"]?[0];
        var status = new JsonObject { ["phase"] = "Pending" };
        if (behaviour.PodUnschedulable)
        {
            status["conditions"] = new JsonArray(Condition("PodScheduled", "Unschedulable", "0/3 nodes are available: 3 Insufficient cpu.", "False"));
        }
        else
        {
            status["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = container?["name"]?.DeepClone(),
                ["image"] = container?["image"]?.DeepClone(),
                ["ready"] = false,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = behaviour.PodWaitingReason, ["message"] = "scripted by the test double" } },
            });
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["labels"] = labels },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = container?["name"]?.DeepClone(), ["image"] = container?["image"]?.DeepClone() }) },
            ["status"] = status,
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string status) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["reason"] = reason,
        ["message"] = message,
        ["lastTransitionTime"] = "2026-01-01T00:00:01Z",
    };
}
