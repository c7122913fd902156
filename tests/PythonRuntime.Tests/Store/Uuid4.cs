using System.Text.RegularExpressions;

namespace PythonRuntime.Tests.Store;

/// <summary>Checks that an id is a version-4, RFC 4122 variant uuid written as 32 lower-case hex digits.</summary>
internal static partial class Uuid4
{
    public static bool Is(string id) => Pattern().IsMatch(id);

    [GeneratedRegex(@"\A[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}\z")]
    private static partial Regex Pattern();
}
