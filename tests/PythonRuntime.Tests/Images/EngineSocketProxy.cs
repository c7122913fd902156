using System.Collections.Concurrent;
using System.Net.Sockets;

namespace PythonRuntime.Tests.Images;

/// <summary>
/// A test double for the Docker engine: a Unix socket in a private temp folder that forwards every connection to the
/// real engine (<c>/var/run/docker.sock</c>) while <see cref="EngineState.Up"/>, and plays a stopped engine on command
/// (socket refusing or missing) without stopping the real one, which other tests share. <see cref="Stop"/> also cuts
/// every open connection, which is what the CLI sees when the engine dies in the middle of a build.
/// </summary>
public sealed class EngineSocketProxy : IAsyncDisposable
{
    private const string RealEngine = "/var/run/docker.sock";
    private readonly string _folder;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly object _gate = new();
    private Socket? _listener;
    private Task? _accepting;

    public EngineSocketProxy(EngineState state = EngineState.Up)
    {
        Assert.That(File.Exists(RealEngine), Is.True, $"The Docker engine socket {RealEngine} is missing; run 'eng/test-env.sh' as root to start dockerd.");
        _folder = Directory.CreateTempSubdirectory("pyrt-engine-").FullName;
        SocketPath = Path.Combine(_folder, "docker.sock");
        if (state == EngineState.Up)
        {
            Start();
        }
        else
        {
            Stop(state);
        }
    }

    /// <summary>Gets the proxy's socket file.</summary>
    public string SocketPath { get; }

    /// <summary>Gets the engine address to give as <c>--docker-host</c> / <c>DOCKER_HOST</c>.</summary>
    public string Address => "unix://" + SocketPath;

    /// <summary>Gets the current state.</summary>
    public EngineState State { get; private set; }

    /// <summary>Gets how many connections the proxy forwarded.</summary>
    public int Forwarded { get; private set; }

    /// <summary>Starts listening again (the engine is back).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (State == EngineState.Up && _listener is not null)
            {
                return;
            }

            File.Delete(SocketPath);
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
            listener.Listen(64);
            _listener = listener;
            State = EngineState.Up;
            _accepting = AcceptAsync(listener);
        }
    }

    /// <summary>Stops listening and cuts every open connection; <see cref="EngineState.Missing"/> also removes the socket file.</summary>
    public void Stop(EngineState state)
    {
        Assert.That(state, Is.Not.EqualTo(EngineState.Up));
        lock (_gate)
        {
            if (_listener is { } listener)
            {
                // Closing a listening Unix socket leaves its file: connecting to it is then refused.
                listener.Dispose();
                _listener = null;
            }

            foreach (var socket in _open.Keys)
            {
                Cut(socket);
            }

            if (state == EngineState.Missing)
            {
                File.Delete(SocketPath);
            }
            else if (!File.Exists(SocketPath))
            {
                // Leave a socket file nobody listens on.
                using var orphan = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                orphan.Bind(new UnixDomainSocketEndPoint(SocketPath));
            }

            State = state;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(EngineState.Missing);
        if (_accepting is { } accepting)
        {
            await accepting;
        }

        Directory.Delete(_folder, recursive: true);
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                if (!ReferenceEquals(listener, _listener))
                {
                    client.Dispose();
                    return;
                }

                Forwarded++;
                _open.TryAdd(client, 0);
            }

            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _open.TryAdd(engine, 0);
        try
        {
            await engine.ConnectAsync(new UnixDomainSocketEndPoint(RealEngine));
            await Task.WhenAll(PumpAsync(client, engine), PumpAsync(engine, client));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Cut on purpose, or the engine went away.
        }
        finally
        {
            Cut(client);
            Cut(engine);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    // Half-close: the other side may still answer (a client that finished sending).
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Either side went away: end the other direction too.
            Cut(from);
            Cut(to);
        }
    }

    private void Cut(Socket socket)
    {
        _open.TryRemove(socket, out _);
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        socket.Dispose();
    }
}
