using k8s.Models;
using PythonRuntime.Kubernetes;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>The table of kubectl's TestDeploymentStatusViewerStatus, over synthetic statuses.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class RolloutStatusTests
{
    // generation, observedGeneration, spec replicas, replicas, updated, available, progressing reason, phase, message part
    [TestCase(1, 1, 1, 0, 0, 0, null, RolloutPhase.Waiting, "0 out of 1 new replicas have been updated")]
    [TestCase(1, 1, 1, 1, 0, 0, null, RolloutPhase.Waiting, "0 out of 1 new replicas have been updated")]
    [TestCase(1, 1, 1, 2, 1, 1, null, RolloutPhase.Waiting, "1 old replicas are pending termination")]
    [TestCase(1, 1, 2, 2, 2, 1, null, RolloutPhase.Waiting, "1 of 2 updated replicas are available")]
    [TestCase(1, 1, 2, 2, 2, 2, null, RolloutPhase.Done, "successfully rolled out")]
    [TestCase(2, 1, 2, 2, 2, 2, null, RolloutPhase.Waiting, "spec update to be observed")]
    [TestCase(1, 1, 2, 2, 1, 1, "ProgressDeadlineExceeded", RolloutPhase.Failed, "exceeded its progress deadline")]
    [TestCase(1, 1, 2, 2, 2, 2, "NewReplicaSetAvailable", RolloutPhase.Done, "successfully rolled out")]
    public void JudgesLikeKubectl(int generation, int observed, int desired, int replicas, int updated, int available, string? reason, RolloutPhase phase, string message)
    {
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "api", Generation = generation },
            Spec = new V1DeploymentSpec { Replicas = desired },
            Status = new V1DeploymentStatus
            {
                ObservedGeneration = observed,
                Replicas = replicas,
                UpdatedReplicas = updated,
                AvailableReplicas = available,
                Conditions = reason is null ? null : [new V1DeploymentCondition { Type = "Progressing", Status = reason == "ProgressDeadlineExceeded" ? "False" : "True", Reason = reason, Message = "m" }],
            },
        };

        var status = RolloutStatus.Of(deployment);

        Assert.That(status.Phase, Is.EqualTo(phase));
        Assert.That(status.Message, Does.Contain(message).And.Contain("'api'"));
    }
}
