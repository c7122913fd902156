namespace PythonRuntime.Rendering.Model;

/// <summary>Job settings (<c>job</c> in job.yaml.sbn, <c>build</c> in build-job.yaml.sbn).</summary>
internal sealed record JobModel(int BackoffLimit, int ActiveDeadlineSeconds, int TtlSecondsAfterFinished);
