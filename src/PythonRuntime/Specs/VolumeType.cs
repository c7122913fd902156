namespace PythonRuntime.Specs;

/// <summary>The volume kinds a task may mount; all are allowed by Pod Security "restricted".</summary>
public enum VolumeType
{
    EmptyDir,
    PersistentVolumeClaim,
    ConfigMap,
    Secret,
}
