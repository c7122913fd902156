namespace PythonRuntime.Loading;

/// <summary>The type of a file system entry, as far as reading definitions cares.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}
