using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PythonRuntime.Tests.Images;

/// <summary>
/// A test double in front of the real local registry: a TCP proxy on 127.0.0.1 that forwards to it, or plays a
/// fault (down, 500, 429, 401, dies mid-push). docker pushes to it as to any plain-HTTP loopback registry.
/// </summary>
public sealed class RegistryFaultProxy : IAsyncDisposable
{
    private const int MidPushLimit = 32 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public RegistryFaultProxy(string upstream)
    {
        var parts = upstream.Split(':');
        _upstream = new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Gets the proxy's address, to use as the registry.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Gets or sets the fault played from now on.</summary>
    public RegistryFault Fault { get; set; }

    /// <summary>Gets how many connections the proxy accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client, Fault));
        }
    }

    private async Task ServeAsync(TcpClient client, RegistryFault fault)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                switch (fault)
                {
                    case RegistryFault.Down:
                        client.Client.LingerState = new LingerOption(true, 0);
                        return;
                    case RegistryFault.Stalls:
                        // Hold the connection open and answer nothing until the proxy is disposed.
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        return;
                    case RegistryFault.ServerError:
                        await AnswerAsync(stream, "500 Internal Server Error", string.Empty);
                        return;
                    case RegistryFault.TooManyRequests:
                        await AnswerAsync(stream, "429 Too Many Requests", "Retry-After: 1\r\n");
                        return;
                    case RegistryFault.Unauthorized:
                        await AnswerAsync(stream, "401 Unauthorized", "WWW-Authenticate: Basic realm=\"test-double\"\r\n");
                        return;
                    default:
                        await ForwardAsync(stream, fault == RegistryFault.DiesMidPush);
                        return;
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // A cut connection is the point of some faults.
            }
        }
    }

    private static async Task AnswerAsync(NetworkStream stream, string status, string headers)
    {
        // Read the request head so the client sees an answer, not a reset.
        var buffer = new byte[8192];
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var body = "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"test double fault\"}]}";
        var response = $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{headers}Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
    }

    private async Task ForwardAsync(NetworkStream client, bool cutMidPush)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(_upstream, _stop.Token);
        var server = upstream.GetStream();
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var up = CopyAsync(client, server, cutMidPush ? MidPushLimit : long.MaxValue, cut);
        var down = CopyAsync(server, client, long.MaxValue, cut);
        await Task.WhenAny(up, down);
        await cut.CancelAsync();
    }

    private static async Task CopyAsync(Stream from, Stream to, long limit, CancellationTokenSource cut)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            while (!cut.IsCancellationRequested)
            {
                var read = await from.ReadAsync(buffer, cut.Token);
                if (read == 0)
                {
                    return;
                }

                total += read;
                if (total > limit)
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cut.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away.
        }
    }
}
