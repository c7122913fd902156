using PythonRuntime.Store;

namespace PythonRuntime.Images;

/// <summary>
/// The outcome of building one function's image: the stored image, whether docker build ran, why (what changed, or
/// the tag it was unchanged since), and how long the build and the push took.
/// </summary>
public sealed record ImageBuildResult(string Function, ImageRecord Image, bool Built, string Reason, TimeSpan BuildTime, TimeSpan? PushTime);
