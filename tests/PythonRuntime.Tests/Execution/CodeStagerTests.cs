using System.IO.Compression;
using System.Net;
using PythonRuntime.Diagnostics;
using PythonRuntime.Execution.Code;
using PythonRuntime.Specs;
using PythonRuntime.Tests.Support;

namespace PythonRuntime.Tests.Execution;

/// <summary>Code staging from every kind of code_src: inline, local file and folder, http(s), zip+http(s) and git.</summary>
[TestFixture]
public sealed class CodeStagerTests
{
    [Test]
    public async Task Inline_code_goes_to_the_code_src_file_or_main_py()
    {
        using var repo = new TempRepository();
        var stager = new CodeStager(Path.Combine(repo.Root, ".state"));

        var named = await stager.StageAsync(Definition(repo, new() { Name = "a", PythonVersion = PythonVersion.Python3_11, Code = "x = 1\n", CodeSrc = "src/app.py", Handler = "f" }), CancellationToken.None);
        var plain = await stager.StageAsync(Definition(repo, new() { Name = "b", PythonVersion = PythonVersion.Python3_11, Base64 = Convert.ToBase64String("y = 2\n"u8.ToArray()), Handler = "f" }), CancellationToken.None);

        Assert.That(File.ReadAllText(Path.Combine(named.Directory, "src", "app.py")), Is.EqualTo("x = 1\n"));
        Assert.That(named.CodeSrc, Is.EqualTo("src/app.py"));
        Assert.That(File.ReadAllText(Path.Combine(plain.Directory, "main.py")), Is.EqualTo("y = 2\n"));
    }

    [Test]
    public async Task A_local_folder_stages_its_code_without_hidden_files_caches_or_the_definition()
    {
        using var repo = new TempRepository();
        repo.WriteFile("functions/f/src/pkg/mod.py", "def f():\n    return 1\n");
        repo.WriteFile("functions/f/src/.env", "SECRET=1\n");
        repo.WriteFile("functions/f/src/__pycache__/mod.cpython-311.pyc", "junk");
        var stager = new CodeStager(Path.Combine(repo.Root, ".state"));

        var staged = await stager.StageAsync(Definition(repo, new() { Name = "f", PythonVersion = PythonVersion.Python3_11, CodeSrc = "src", Handler = "pkg.mod:f" }), CancellationToken.None);

        var files = Directory.EnumerateFiles(staged.Directory, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(staged.Directory, p)).ToArray();
        Assert.That(files, Is.EquivalentTo(new[] { Path.Combine("pkg", "mod.py") }));
    }

    [Test]
    public async Task Http_files_and_zip_archives_are_downloaded_and_unsafe_archive_paths_refused()
    {
        using var repo = new TempRepository();
        using var server = new StaticServer(new Dictionary<string, byte[]>
        {
            ["/code/handler.py"] = "def handler():\n    return 'remote'\n"u8.ToArray(),
            ["/code/bundle.zip"] = Zip(("app/main.py", "def handler():\n    return 'zipped'\n")),
            ["/code/evil.zip"] = Zip(("../escape.py", "x = 1\n")),
        });
        var stager = new CodeStager(Path.Combine(repo.Root, ".state"));

        var file = await stager.StageAsync(Definition(repo, new() { Name = "h", PythonVersion = PythonVersion.Python3_11, CodeSrc = server.Url + "/code/handler.py", Handler = "handler" }), CancellationToken.None);
        var zip = await stager.StageAsync(Definition(repo, new() { Name = "z", PythonVersion = PythonVersion.Python3_11, CodeSrc = "zip+" + server.Url + "/code/bundle.zip", Handler = "app.main:handler" }), CancellationToken.None);
        var evil = Assert.ThrowsAsync<PythonRuntimeException>(() => stager.StageAsync(Definition(repo, new() { Name = "e", PythonVersion = PythonVersion.Python3_11, CodeSrc = "zip+" + server.Url + "/code/evil.zip", Handler = "h" }), CancellationToken.None));
        var missing = Assert.ThrowsAsync<PythonRuntimeException>(() => stager.StageAsync(Definition(repo, new() { Name = "m", PythonVersion = PythonVersion.Python3_11, CodeSrc = server.Url + "/code/nothing.py", Handler = "h" }), CancellationToken.None));

        Assert.That(File.ReadAllText(Path.Combine(file.Directory, "handler.py")), Does.Contain("remote"));
        Assert.That(file.CodeSrc, Is.EqualTo("handler.py"));
        Assert.That(File.ReadAllText(Path.Combine(zip.Directory, "app", "main.py")), Does.Contain("zipped"));
        Assert.That(evil!.Message, Does.Contain("unsafe path '../escape.py'"));
        Assert.That(missing!.Message, Does.Contain("HTTP 404"));
    }

    [Test]
    public async Task A_git_source_is_checked_out_at_its_ref()
    {
        using var repo = new TempRepository();
        var origin = Path.Combine(repo.Root, "origin");
        Directory.CreateDirectory(origin);
        await Git(origin, "init", "--quiet", "-b", "main");
        File.WriteAllText(Path.Combine(origin, "main.py"), "def handler():\n    return 'v1'\n");
        await Git(origin, "add", "main.py");
        await Git(origin, "-c", "user.email=t@example.test", "-c", "user.name=t", "commit", "--quiet", "-m", "v1");
        await Git(origin, "tag", "v1");
        File.WriteAllText(Path.Combine(origin, "main.py"), "def handler():\n    return 'v2'\n");
        await Git(origin, "-c", "user.email=t@example.test", "-c", "user.name=t", "commit", "--quiet", "-am", "v2");
        var stager = new CodeStager(Path.Combine(repo.Root, ".state"));

        // git's own URL rewriting maps the https URL onto the local repository, so no network is needed.
        Environment.SetEnvironmentVariable("GIT_CONFIG_COUNT", "1");
        Environment.SetEnvironmentVariable("GIT_CONFIG_KEY_0", $"url.{origin}.insteadOf");
        Environment.SetEnvironmentVariable("GIT_CONFIG_VALUE_0", "https://git.example.test/team/functions.git");
        try
        {
            var staged = await stager.StageAsync(Definition(repo, new() { Name = "g", PythonVersion = PythonVersion.Python3_11, CodeSrc = "git+https://git.example.test/team/functions.git#v1", Handler = "main:handler" }), CancellationToken.None);

            Assert.That(File.ReadAllText(Path.Combine(staged.Directory, "main.py")), Does.Contain("v1"));
            Assert.That(Directory.Exists(Path.Combine(staged.Directory, ".git")), Is.False);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_CONFIG_COUNT", null);
            Environment.SetEnvironmentVariable("GIT_CONFIG_KEY_0", null);
            Environment.SetEnvironmentVariable("GIT_CONFIG_VALUE_0", null);
        }
    }

    private static FunctionDefinition Definition(TempRepository repo, FunctionSpec spec)
    {
        var folder = Path.Combine(repo.Root, "functions", spec.Name);
        Directory.CreateDirectory(folder);
        return new FunctionDefinition(spec, folder, null);
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static async Task Git(string folder, params string[] arguments)
    {
        var result = await ChildProcess.RunAsync("git", arguments, folder);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
    }

    /// <summary>A tiny HTTP server on 127.0.0.1 serving fixed bytes by path (404 otherwise).</summary>
    private sealed class StaticServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public StaticServer(IReadOnlyDictionary<string, byte[]> files)
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception) when (!_listener.IsListening)
                    {
                        return;
                    }

                    if (files.TryGetValue(context.Request.Url!.AbsolutePath, out var body))
                    {
                        context.Response.StatusCode = 200;
                        await context.Response.OutputStream.WriteAsync(body);
                    }
                    else
                    {
                        context.Response.StatusCode = 404;
                    }

                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }

        private static int FreePort()
        {
            var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            var port = ((IPEndPoint)socket.LocalEndpoint).Port;
            socket.Stop();
            return port;
        }
    }
}
