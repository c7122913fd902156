using PythonRuntime.Specs;

namespace PythonRuntime.Loading;

/// <summary>Binds the <c>run:</c> block (the seed's Run parameters) to a <see cref="RunSpec"/>.</summary>
public static class RunBinder
{
    public static RunSpec Bind(MappingReader? reader)
    {
        if (reader is null)
        {
            return RunSpec.Empty;
        }

        var spec = new RunSpec
        {
            LocalExecution = reader.Bool("local_execution") ?? false,
            Inputs = reader.StringMap("inputs") ?? RunSpec.Empty.Inputs,
            Parameters = reader.JsonMap("parameters") ?? RunSpec.Empty.Parameters,
            InitParameters = reader.JsonMap("init_parameters") ?? RunSpec.Empty.InitParameters,
        };
        reader.Complete();
        return spec;
    }
}
