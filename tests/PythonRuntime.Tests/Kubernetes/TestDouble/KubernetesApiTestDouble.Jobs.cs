using System.Text.Json.Nodes;

namespace PythonRuntime.Tests.Kubernetes.TestDouble;

/// <content>The scripted Job controller and kubelet: one pod per Job, ended by <see cref="Behaviour"/> when watched.</content>
internal sealed partial class KubernetesApiTestDouble
{
    public static string PodNameOf(string jobName) => $"{jobName}-x7k2p";

    /// <summary>Gets the Stopwatch timestamp at which the double ended a Job, by Job name.</summary>
    public long? EndedAt(string jobName) => endedAt.TryGetValue(jobName, out var at) ? at : null;

    private void StartJob(string ns, string name, JsonObject job)
    {
        if (Behaviour?.Ending == JobEnding.PodSecurityRejected)
        {
            AddEvent(ns, "Job", name, "FailedCreate", $"Error creating: pods \"{name}-x7k2p\" is forbidden: violates PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"function\" must set securityContext.runAsNonRoot=true)");
            return;
        }

        var containers = new JsonArray();
        foreach (var container in job["spec"]?["template"]?["spec"]?["containers"]?.AsArray() ?? [])
        {
            containers.Add(new JsonObject { ["name"] = container!["name"]?.DeepClone(), ["image"] = container["image"]?.DeepClone() });
        }

        var first = containers.FirstOrDefault();
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["labels"] = new JsonObject
                {
                    ["job-name"] = name,
                    ["batch.kubernetes.io/job-name"] = name,
                    ["controller-uid"] = job["metadata"]!["uid"]!.DeepClone(),
                },
            },
            ["spec"] = new JsonObject { ["restartPolicy"] = "Never", ["containers"] = containers },
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = first?["name"]?.DeepClone(),
                    ["image"] = first?["image"]?.DeepClone(),
                    ["ready"] = false,
                    ["restartCount"] = 0,
                    ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
                }),
            },
        };
        if (Behaviour?.Ending == JobEnding.Unschedulable)
        {
            pod["status"]!["conditions"] = new JsonArray(Condition("PodScheduled", "Unschedulable", "0/3 nodes are available: 3 Insufficient memory.", "False"));
            AddEvent(ns, "Pod", PodNameOf(name), "FailedScheduling", "0/3 nodes are available: 3 Insufficient memory.");
        }

        Store.Put("pods", ns, PodNameOf(name), pod);
    }

    private void MarkJobsActive(string ns, RecordedRequest request)
    {
        foreach (var job in Store.List("jobs", ns, o => Selected(o, request)).Items)
        {
            Store.Update("jobs", ns, job["metadata"]!["name"]!.GetValue<string>(), j => j["status"] = new JsonObject { ["active"] = 1, ["ready"] = 0 });
        }
    }

    /// <summary>Ends the Jobs a watch looks at, once each: Job endings on a Job watch, a stuck pod on a pod watch.</summary>
    private void EndJobsSeenBy(string resource, string ns, RecordedRequest request)
    {
        var behaviour = Behaviour;
        if (behaviour is null || resource is not ("jobs" or "pods") || behaviour.Ending is JobEnding.PodSecurityRejected or JobEnding.Unschedulable || (resource == "pods") != (behaviour.Ending == JobEnding.ImagePullBackOff))
        {
            return;
        }

        var names = resource == "jobs"
            ? Store.List("jobs", ns, o => Selected(o, request)).Items.Select(j => j["metadata"]!["name"]!.GetValue<string>())
            : Store.List("pods", ns, o => Selected(o, request)).Items.Select(p => LabelOf(p, "job-name")!);
        foreach (var name in names.Distinct().ToList())
        {
            if (endedJobs.TryAdd(name, true))
            {
                End(ns, name, behaviour);
            }
        }
    }

    private void End(string ns, string name, JobBehaviour behaviour)
    {
        if (behaviour.Ending == JobEnding.Deleted)
        {
            Store.Delete("pods", ns, PodNameOf(name));
            Store.Delete("jobs", ns, name);
            return;
        }

        Store.Update("pods", ns, PodNameOf(name), pod =>
        {
            var status = pod["status"]!.AsObject();
            var container = status["containerStatuses"]![0]!.AsObject();
            switch (behaviour.Ending)
            {
                case JobEnding.ImagePullBackOff:
                    container["state"] = new JsonObject
                    {
                        ["waiting"] = new JsonObject
                        {
                            ["reason"] = "ImagePullBackOff",
                            ["message"] = $"Back-off pulling image \"{container["image"]}\"",
                        },
                    };
                    return;
                case JobEnding.Complete:
                    status["phase"] = "Succeeded";
                    container["state"] = Terminated(0, "Completed", behaviour.TerminationMessage);
                    return;
                default:
                    status["phase"] = "Failed";
                    container["state"] = Terminated(behaviour.ExitCode, "Error", behaviour.TerminationMessage);
                    return;
            }
        });

        var conditions = behaviour.Ending switch
        {
            JobEnding.Complete => new JsonArray(Condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"), Condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods")),
            JobEnding.BackoffLimitExceeded => new JsonArray(Condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"), Condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")),
            JobEnding.DeadlineExceeded => new JsonArray(Condition("FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline"), Condition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline")),
            _ => null,
        };
        if (conditions is not null)
        {
            endedAt[name] = System.Diagnostics.Stopwatch.GetTimestamp();
            var succeeded = behaviour.Ending == JobEnding.Complete;
            Store.Update("jobs", ns, name, job => job["status"] = new JsonObject
            {
                ["conditions"] = conditions,
                [succeeded ? "succeeded" : "failed"] = 1,
            });
        }
    }

    private static JsonObject Terminated(int exitCode, string reason, string? message)
    {
        var terminated = new JsonObject { ["exitCode"] = exitCode, ["reason"] = reason };
        if (message is not null)
        {
            terminated["message"] = message;
        }

        return new JsonObject { ["terminated"] = terminated };
    }

    private static JsonObject Condition(string type, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
        ["lastTransitionTime"] = "2026-01-01T00:00:01Z",
    };
}
