using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Reliability;

/// <summary>What every failed build host run must look like to a user: the right exit code, no stack trace, nothing written.</summary>
internal static class HostAssert
{
    /// <summary>Asserts the run failed with <paramref name="exitCode"/>, printed no .NET stack trace or exception dump, and wrote neither rendered files nor a store.</summary>
    public static void FailedCleanly(ProcessResult result, int exitCode, string root)
    {
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
        NoStackTrace(result);
        Assert.That(Directory.Exists(Path.Combine(root, "artifacts")), Is.False, "nothing may be rendered");
        Assert.That(Directory.Exists(Path.Combine(root, ".pythonruntime")), Is.False, "no store may be created");
    }

    /// <summary>Asserts the output holds no .NET stack frame and no exception type dump.</summary>
    public static void NoStackTrace(ProcessResult result)
    {
        Assert.That(result.Output, Does.Not.Contain("   at ").And.Not.Contain("Exception:").And.Not.Contain("Unhandled exception"), "no stack trace:\n" + result);
    }
}
