using k8s.Models;
using PythonRuntime.Rendering.Quoting;
using PythonRuntime.Specs;

namespace PythonRuntime.Rendering.Model;

/// <summary>
/// Requests and limits. Every container gets CPU, memory and ephemeral-storage requests and memory and
/// ephemeral-storage limits; defaults fill only what the task leaves unset, and are bent so that a request
/// never exceeds its limit. Quantities are written in canonical form.
/// </summary>
internal sealed partial class ModelBuilder
{
    public const string GpuResource = "nvidia.com/gpu";

    private static readonly ResourceDefaults FunctionDefaults = new("100m", "128Mi", "512Mi", "256Mi", "2Gi");

    private static readonly ResourceDefaults BuildDefaults = new("500m", "1Gi", "4Gi", "2Gi", "20Gi");

    private (List<NamedValue> Requests, List<NamedValue> Limits) Resources(string field, ResourcesSpec spec, ResourceDefaults defaults)
    {
        var at = field + ".resources";
        var requests = new List<NamedValue>();
        var limits = new List<NamedValue>();
        var cpu = Range(at + ".cpu", spec.Cpu, defaults.CpuRequest, null);
        var memory = Range(at + ".mem", spec.Mem, defaults.MemoryRequest, defaults.MemoryLimit);
        var disk = Range(at + ".disk", spec.Disk, defaults.DiskRequest, defaults.DiskLimit);
        foreach (var (name, range) in new[] { ("cpu", cpu), ("memory", memory), ("ephemeral-storage", disk) })
        {
            if (range.Request is { } request)
            {
                requests.Add(new NamedValue(name, request));
            }

            if (range.Limit is { } limit)
            {
                limits.Add(new NamedValue(name, limit));
            }
        }

        // Extended resources cannot be overcommitted: Kubernetes takes the request from the limit.
        if (!spec.Gpu.IsEmpty)
        {
            var gpuRequest = spec.Gpu.Requests is { } r ? Quantity(at + ".gpu.requests", r) : null;
            var gpuLimit = spec.Gpu.Limits is { } l ? Quantity(at + ".gpu.limits", l) : null;
            if (gpuRequest is { } req && gpuLimit is { } lim && req.Value != lim.Value)
            {
                _problems.Add(at + ".gpu", $"The GPU request {MessageText.Show(req.Text)} and limit {MessageText.Show(lim.Text)} differ; GPUs cannot be shared, so give one number.");
            }
            else if ((gpuLimit ?? gpuRequest) is { } gpu)
            {
                limits.Add(new NamedValue(GpuResource, gpu.Text));
            }
        }

        return (requests, limits);
    }

    private (string? Request, string? Limit) Range(string at, ResourceRange given, string defaultRequest, string? defaultLimit)
    {
        var request = given.Requests is { } r ? Quantity(at + ".requests", r) : null;
        var limit = given.Limits is { } l ? Quantity(at + ".limits", l) : null;
        if ((given.Requests is not null && request is null) || (given.Limits is not null && limit is null))
        {
            return (null, null);
        }

        var fallbackRequest = Quantity(at, defaultRequest)!.Value;
        var effectiveRequest = request ?? (limit is { } cap && cap.Value < fallbackRequest.Value ? cap : fallbackRequest);
        CanonicalQuantity? effectiveLimit = limit;
        if (limit is null && defaultLimit is not null)
        {
            var fallbackLimit = Quantity(at, defaultLimit)!.Value;
            effectiveLimit = effectiveRequest.Value > fallbackLimit.Value ? effectiveRequest : fallbackLimit;
        }

        if (effectiveLimit is { } set && effectiveRequest.Value > set.Value)
        {
            _problems.Add(at, $"The request {MessageText.Show(effectiveRequest.Text)} is more than the limit {MessageText.Show(set.Text)}; raise the limit or lower the request.");
            return (null, null);
        }

        return (effectiveRequest.Text, effectiveLimit?.Text);
    }

    private CanonicalQuantity? Quantity(string at, string text)
    {
        try
        {
            if (TextRules.FindLineBreaker(text) is null && text.Trim().Length == text.Length && text.Length > 0)
            {
                var quantity = new ResourceQuantity(text);
                var value = quantity.ToDecimal();
                if (value >= 0)
                {
                    return new CanonicalQuantity(quantity.ToString(), value);
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            // Reported below with the value.
        }

        _problems.Add(at, $"The quantity {MessageText.Show(text)} is not a Kubernetes quantity of 0 or more (for example 250m, 1, 512Mi, 2Gi).");
        return null;
    }
}
