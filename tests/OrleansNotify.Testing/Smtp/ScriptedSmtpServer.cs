using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansNotify.Testing.Smtp;

/// <summary>One command as the scripted server saw it. <see cref="Verb"/> is CONNECT for the greeting and DATA-END after the dot.</summary>
public sealed record ScriptedCommand(int Connection, string Verb, string Line);

/// <summary>What the scripted server does instead of its default reply.</summary>
public sealed record ScriptedReply(string? Text, bool Drop = false, bool Hang = false)
{
    public static ScriptedReply Say(string text) => new(text);
    /// <summary>Close the socket without a word.</summary>
    public static ScriptedReply DropConnection { get; } = new(null, Drop: true);
    /// <summary>Never answer (the client must time out).</summary>
    public static ScriptedReply Silence { get; } = new(null, Hang: true);
}

/// <summary>
/// An in-process SMTP server that follows a script: each command gets the responder's reply, or a
/// sensible default (250, 354, "250 Ok: queued as Q&lt;n&gt;"). For failure paths real servers cannot be
/// made to produce on demand: 421 mid-session, a drop during DATA, silence, a reply naming a wait.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<ScriptedCommand, ScriptedReply?> responder;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<ScriptedCommand> log = new();
    private readonly Task acceptLoop;
    private int connections;
    private int queued;

    public ScriptedSmtpServer(Func<ScriptedCommand, ScriptedReply?>? responder = null, IReadOnlyList<string>? extensions = null)
    {
        this.responder = responder ?? (_ => null);
        Extensions = extensions ?? ["8BITMIME", "AUTH PLAIN LOGIN"];
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
    public IReadOnlyList<string> Extensions { get; }
    public int Connections => Volatile.Read(ref connections);
    /// <summary>Messages the server accepted with 250 after DATA.</summary>
    public int Accepted => Volatile.Read(ref queued);
    public IReadOnlyList<ScriptedCommand> Log => [.. log];
    public int Count(string verb) => log.Count(c => c.Verb == verb);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var n = Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(client, n));
        }
    }

    private async Task ServeAsync(TcpClient client, int connection)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            if (!await ReplyAsync(writer, new(connection, "CONNECT", string.Empty), "220 scripted.test ESMTP"))
            {
                return;
            }

            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var command = new ScriptedCommand(connection, verb, line);
                if (!await ReplyAsync(writer, command, Default(verb, line)))
                {
                    return;
                }

                if (verb == "AUTH" && line.Split(' ').Length == 2)
                {
                    // AUTH without an initial response: one more line, then the verdict.
                    await reader.ReadLineAsync(stop.Token);
                    await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                }
                else if (verb == "DATA" && await ReadDataAsync(reader) is { } data)
                {
                    var end = new ScriptedCommand(connection, "DATA-END", data);
                    var n = Interlocked.Increment(ref queued);
                    if (!await ReplyAsync(writer, end, $"250 2.0.0 Ok: queued as Q{n}"))
                    {
                        return;
                    }
                }
                else if (verb == "QUIT")
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Logs the command and answers it; false when the script closed or silenced the connection.</summary>
    private async Task<bool> ReplyAsync(StreamWriter writer, ScriptedCommand command, string fallback)
    {
        log.Enqueue(command);
        var reply = responder(command);
        if (reply is { Hang: true })
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }

        if (reply is { Drop: true })
        {
            return false;
        }

        var text = reply?.Text ?? fallback;
        await writer.WriteAsync(text.EndsWith("\r\n", StringComparison.Ordinal) ? text : text + "\r\n");
        // 421 ends the session (RFC 5321 4.2.2 / 3.8).
        return !text.StartsWith("421", StringComparison.Ordinal);
    }

    private static async Task<string?> ReadDataAsync(StreamReader reader)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line == ".")
            {
                return data.ToString();
            }

            data.Append(line).Append("\r\n");
        }

        return null;
    }

    private string Default(string verb, string line) => verb switch
    {
        "EHLO" => "250-scripted.test\r\n" + string.Concat(Extensions.Select((e, i) => (i == Extensions.Count - 1 ? "250 " : "250-") + e + "\r\n")),
        "HELO" => "250 scripted.test",
        "AUTH" => line.Split(' ').Length > 2 ? "235 2.7.0 Authentication successful" : "334 ",
        "DATA" => "354 End data with <CR><LF>.<CR><LF>",
        "QUIT" => "221 2.0.0 Bye",
        _ => "250 2.0.0 Ok",
    };

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        listener.Dispose();
        stop.Dispose();
    }
}
