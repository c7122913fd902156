using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PythonRuntime.Tests.Kubernetes;

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 standing in for the pods behind a NodePort: the double reports node address
/// 127.0.0.1 and this server's port as the node port, so Invoke goes over HTTP for real. It greets the JSON body's name.
/// </summary>
internal sealed class TinyHttpServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;

    private TinyHttpServer(int port)
    {
        Port = port;
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public int Calls { get; private set; }

    public static TinyHttpServer Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                return new TinyHttpServer(port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between the probe and the listener; try another.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close only, never Stop and then Close: after Stop, the managed HttpListener's Close binds the port again
        // to remove its prefix, and fails with "Address already in use" when another process took the port meanwhile.
        listener.Close();
        try
        {
            await serving.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // Stopping ends the loop.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Calls++;
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync().ConfigureAwait(false);
            var name = body.Length > 0 ? JsonDocument.Parse(body).RootElement.GetProperty("name").GetString() : "nobody";
            var answer = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { greeting = $"Hello, {name}", path = context.Request.Url!.AbsolutePath }));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer).ConfigureAwait(false);
            context.Response.Close();
        }
    }
}
