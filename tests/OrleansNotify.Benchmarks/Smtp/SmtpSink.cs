using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansNotify.Benchmarks.Smtp;

/// <summary>
/// A raw-socket SMTP sink: answers 250 to everything (PIPELINING advertised), reads DATA to the dot and
/// discards it. Replies to pipelined commands go out in one write per read, like a real server's.
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private static readonly byte[] Greeting = "220 sink.test ESMTP\r\n"u8.ToArray();
    private static readonly byte[] Ehlo = "250-sink.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n"u8.ToArray();
    private static readonly byte[] Ok = "250 2.0.0 Ok\r\n"u8.ToArray();
    private static readonly byte[] StartData = "354 go ahead\r\n"u8.ToArray();
    private static readonly byte[] Queued = "250 2.0.0 Ok: queued as SINK\r\n"u8.ToArray();
    private static readonly byte[] Bye = "221 2.0.0 Bye\r\n"u8.ToArray();
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private long messages;

    public SmtpSink()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
    public long Messages => Interlocked.Read(ref messages);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var buffer = new byte[64 * 1024];
        var line = new StringBuilder();
        var output = new MemoryStream();
        var inData = false;
        var tail = 0UL; // last five bytes seen in DATA, to find CRLF.CRLF across reads
        try
        {
            await socket.SendAsync(Greeting, SocketFlags.None, stop.Token).ConfigureAwait(false);
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                output.SetLength(0);
                var quit = false;
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (inData)
                    {
                        tail = ((tail << 8) | b) & 0xFF_FFFF_FFFF;
                        if (tail == 0x0D_0A2E_0D0A)
                        {
                            inData = false;
                            Interlocked.Increment(ref messages);
                            output.Write(Queued);
                        }

                        continue;
                    }

                    if (b != '\n')
                    {
                        line.Append((char)b);
                        continue;
                    }

                    var verb = line.Length >= 4 ? line.ToString(0, 4).ToUpperInvariant() : string.Empty;
                    line.Clear();
                    switch (verb)
                    {
                        case "EHLO": output.Write(Ehlo); break;
                        case "DATA": output.Write(StartData); inData = true; tail = 0x0D0A; break; // the DATA line's CRLF starts the window
                        case "QUIT": output.Write(Bye); quit = true; break;
                        default: output.Write(Ok); break;
                    }
                }

                if (output.Length > 0)
                {
                    await socket.SendAsync(output.GetBuffer().AsMemory(0, (int)output.Length), SocketFlags.None, stop.Token).ConfigureAwait(false);
                }

                if (quit)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        listener.Dispose();
        stop.Dispose();
    }
}
