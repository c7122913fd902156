using PythonRuntime.Build;
using PythonRuntime.Build.Hosting;

return await new CakeHost<BuildContext>().RunAsync(args).ConfigureAwait(false);
