using PythonRuntime.Execution.Code;
using PythonRuntime.Execution.Python;

namespace PythonRuntime.Execution.Local;

/// <summary>A function made ready to run on this machine: its staged code and the Python to run it with.</summary>
public sealed record LocalEnvironment(StagedCode Code, PythonInterpreter Interpreter, string PythonExecutable, string RunnerPath);
