namespace PythonRuntime.Specs;

/// <summary>
/// Resource requests and limits. Definition files may use the seed shape
/// <c>{cpu: {requests, limits}, mem: {...}, gpu: {...}}</c> or the flat shape <c>{cpu: "1", mem: 1Gi}</c>;
/// a flat value sets the request and the limit to the same quantity.
/// </summary>
public sealed record ResourcesSpec(ResourceRange Cpu, ResourceRange Mem, ResourceRange Gpu, ResourceRange Disk)
{
    /// <summary>Gets a spec with nothing set.</summary>
    public static ResourcesSpec None { get; } = new(ResourceRange.None, ResourceRange.None, ResourceRange.None, ResourceRange.None);

    /// <summary>Returns this spec with each missing value taken from <paramref name="fallback"/>.</summary>
    public ResourcesSpec Over(ResourcesSpec fallback) =>
        new(Cpu.Over(fallback.Cpu), Mem.Over(fallback.Mem), Gpu.Over(fallback.Gpu), Disk.Over(fallback.Disk));
}
