using PythonRuntime.Loading;
using PythonRuntime.Specs;

namespace PythonRuntime.Validation;

/// <summary>
/// Rules for <c>resources</c>: every value a non-negative Kubernetes quantity; <c>gpu</c> a whole number with
/// equal request and limit (Kubernetes refuses overcommitted extended resources); memory and disk whole
/// bytes (<c>128m</c> is 0.128 bytes, a classic slip for <c>128Mi</c>); a request never above its limit.
/// </summary>
public static class ResourceRules
{
    /// <summary>Checks <paramref name="resources"/> at <paramref name="field"/>.</summary>
    public static void Check(ResourcesSpec resources, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(scope);
        Range(resources.Cpu, FieldPath.Key(field, "cpu"), Unit.Cpu, scope);
        Range(resources.Mem, FieldPath.Key(field, "mem"), Unit.Bytes, scope);
        Range(resources.Gpu, FieldPath.Key(field, "gpu"), Unit.Whole, scope);
        Range(resources.Disk, FieldPath.Key(field, "disk"), Unit.Bytes, scope);
    }

    /// <summary>
    /// Checks that requests stay within limits after a task was layered over a profile and the project
    /// defaults; <paramref name="own"/> is what the task itself set, so only inherited conflicts are reported.
    /// </summary>
    public static void CheckEffective(ResourcesSpec own, ResourcesSpec effective, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(effective);
        ArgumentNullException.ThrowIfNull(scope);
        Inherited(own.Cpu, effective.Cpu, FieldPath.Key(field, "cpu"), scope);
        Inherited(own.Mem, effective.Mem, FieldPath.Key(field, "mem"), scope);
        Inherited(own.Gpu, effective.Gpu, FieldPath.Key(field, "gpu"), scope);
        Inherited(own.Disk, effective.Disk, FieldPath.Key(field, "disk"), scope);
    }

    /// <summary>Gets what is wrong with one quantity, or null.</summary>
    public static string? QuantityProblem(string text, bool wholeBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Quantity.TryParse(text, out var value))
        {
            return "is not a Kubernetes quantity; use a non-negative number with an optional suffix such as 500m, 2, 256Mi or 1Gi";
        }

        return wholeBytes && decimal.Truncate(value) != value
            ? $"is {value} bytes, not a whole number; did you mean '{text.TrimEnd('m')}Mi'?"
            : null;
    }

    private enum Unit
    {
        Cpu,
        Bytes,
        Whole,
    }

    private static void Range(ResourceRange range, string field, Unit unit, ValidationScope scope)
    {
        var requests = Side(range.Requests, FieldPath.Key(field, "requests"), unit, scope);
        var limits = Side(range.Limits, FieldPath.Key(field, "limits"), unit, scope);
        if (requests is null || limits is null)
        {
            return;
        }

        if (unit == Unit.Whole && requests != limits)
        {
            scope.Error(FieldPath.Key(field, "requests"), $"'{range.Requests}' differs from the limit '{range.Limits}'; GPU requests and limits must be equal (or give only the limit).");
        }
        else if (requests > limits)
        {
            scope.Error(FieldPath.Key(field, "requests"), $"'{range.Requests}' is more than the limit '{range.Limits}'; a request may not exceed its limit.");
        }
    }

    private static decimal? Side(string? text, string field, Unit unit, ValidationScope scope)
    {
        if (text is null)
        {
            return null;
        }

        if (unit == Unit.Whole && !Quantity.IsWholeNumber(text))
        {
            scope.Error(field, $"'{Text.Clip(text)}' is not a whole number; GPUs are counted in whole devices such as 1 or 2.");
            return null;
        }

        if (QuantityProblem(text, unit == Unit.Bytes) is { } problem)
        {
            scope.Error(field, $"'{Text.Clip(text)}' {problem}.");
            return null;
        }

        Quantity.TryParse(text, out var value);
        return value;
    }

    private static void Inherited(ResourceRange own, ResourceRange effective, string field, ValidationScope scope)
    {
        // Conflicts inside the task's own values were reported by Check; only mixed origins are left.
        if ((own.Requests is not null && own.Limits is not null) || effective.Requests is null || effective.Limits is null)
        {
            return;
        }

        if (!Quantity.TryParse(effective.Requests, out var requests) || !Quantity.TryParse(effective.Limits, out var limits) || requests <= limits)
        {
            return;
        }

        if (own.Requests is not null)
        {
            scope.Error(FieldPath.Key(field, "requests"), $"'{effective.Requests}' is more than the limit '{effective.Limits}' inherited from the profile or project defaults; raise the limit here too.");
        }
        else if (own.Limits is not null)
        {
            scope.Error(FieldPath.Key(field, "limits"), $"'{effective.Limits}' is less than the request '{effective.Requests}' inherited from the profile or project defaults; lower the request here too.");
        }
        else
        {
            scope.Error(field, $"inherits the request '{effective.Requests}' and the lower limit '{effective.Limits}' from the profile and project defaults; set both here.");
        }
    }
}
