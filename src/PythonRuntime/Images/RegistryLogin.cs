using PythonRuntime.Diagnostics;

namespace PythonRuntime.Images;

/// <summary>
/// Logs the docker CLI in to a registry from the environment: <c>PYTHONRUNTIME_REGISTRY_USERNAME</c> and
/// <c>PYTHONRUNTIME_REGISTRY_PASSWORD</c>. The password goes to <c>docker login --password-stdin</c> only: never
/// into an argument, a log line or a file of the repository. Without both variables nothing happens and docker
/// uses the logins it already has.
/// </summary>
public static class RegistryLogin
{
    public const string UserVariable = "PYTHONRUNTIME_REGISTRY_USERNAME";

    public const string PasswordVariable = "PYTHONRUNTIME_REGISTRY_PASSWORD";

    /// <summary>Logs in when credentials are set; returns whether it did.</summary>
    /// <exception cref="PythonRuntimeException">Only one of the two variables is set, or the registry refused the login.</exception>
    public static async Task<bool> LoginAsync(DockerCli docker, string registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(docker);
        var user = Environment.GetEnvironmentVariable(UserVariable);
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(user) && string.IsNullOrEmpty(password))
        {
            return false;
        }

        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
        {
            throw new PythonRuntimeException(ExitCodes.Usage, $"Set both {UserVariable} and {PasswordVariable} to log in to '{registry}', or neither to use docker's existing login.");
        }

        var result = await docker.RunAsync(["login", "--username", user, "--password-stdin", registry], standardInput: password, timeout: TimeSpan.FromMinutes(1), cancellationToken: cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!result.Succeeded)
        {
            // The CLI never echoes the password; its own message is safe to show.
            throw new PythonRuntimeException(ExitCodes.Environment, $"docker login to '{registry}' as '{user}' failed: {result.Tail(2)}. Check {UserVariable} and {PasswordVariable}.");
        }

        return true;
    }
}
