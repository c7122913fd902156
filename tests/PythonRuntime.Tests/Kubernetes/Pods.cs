using k8s.Models;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>Pods in the states the scheduler leaves them, for the pure tests.</summary>
internal static class Pods
{
    public static V1Pod Unschedulable(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = new V1PodStatus
        {
            Phase = "Pending",
            Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available: 1 Insufficient cpu." }],
        },
    };

    public static V1Pod Scheduled(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = new V1PodStatus { Phase = "Pending", Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True" }] },
    };
}
