using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace OrleansNotify.Testing.Smtp;

/// <summary>Settings of a peer server; <see cref="Users"/> null means AUTH is optional.</summary>
public sealed record PeerServerOptions
{
    public TestCertificate? Certificate { get; init; }
    public bool ImplicitTls { get; init; }
    public IReadOnlyDictionary<string, string>? Users { get; init; }
    public long Size { get; init; }
}

/// <summary>What a peer server received: the envelope and the raw message.</summary>
public sealed record ReceivedMail(string MailFrom, IReadOnlyList<string> RcptTo, string? User, bool Secure, string EmlPath)
{
    public string Raw => File.ReadAllText(EmlPath);
}

/// <summary>
/// A real SMTP server as a child process on a loopback port: <see cref="StartNodeAsync"/> runs npm's
/// smtp-server, <see cref="StartAiosmtpdAsync"/> Debian's aiosmtpd. Both write what they receive to
/// <see cref="OutFolder"/>; the process ends when the test disposes it.
/// </summary>
public sealed class PeerSmtpServer : IAsyncDisposable
{
    private readonly Process process;

    private PeerSmtpServer(Process process, int port, string outFolder, string name)
    {
        this.process = process;
        Port = port;
        OutFolder = outFolder;
        Name = name;
    }

    public int Port { get; }
    public string OutFolder { get; }
    public string Name { get; }

    /// <summary>Connections accepted so far (node only: it logs each one).</summary>
    public int Connections => File.Exists(Path.Combine(OutFolder, "connections.log"))
        ? File.ReadAllLines(Path.Combine(OutFolder, "connections.log")).Length : 0;

    public static Task<PeerSmtpServer> StartNodeAsync(PeerServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = new ProcessStartInfo(Peers.Node, [Peers.Script("smtp-server.js")]);
        start.Environment["NODE_PATH"] = Peers.NodeModules;
        return StartAsync("smtp-server", start, options, port: 0);
    }

    public static Task<PeerSmtpServer> StartAiosmtpdAsync(PeerServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = new ProcessStartInfo(Peers.Python, [Peers.Script("aiosmtpd-server.py")]);
        return StartAsync("aiosmtpd", start, options, FreePort());
    }

    private static async Task<PeerSmtpServer> StartAsync(string name, ProcessStartInfo start, PeerServerOptions options, int port)
    {
        var outFolder = Directory.CreateTempSubdirectory($"notify-{name}-").FullName;
        start.Environment["NOTIFY_SMTP_CONFIG"] = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["port"] = port,
            ["key"] = options.Certificate?.KeyPath,
            ["cert"] = options.Certificate?.CertificatePath,
            ["secure"] = options.ImplicitTls,
            ["users"] = options.Users,
            ["size"] = options.Size,
            ["out"] = outFolder,
        });
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
                {
                    return new PeerSmtpServer(process, int.Parse(line[10..], System.Globalization.CultureInfo.InvariantCulture), outFolder, name);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"{name} did not start listening: {await stderr}");
    }

    /// <summary>Messages received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedMail> Received()
    {
        var list = new List<ReceivedMail>();
        for (var n = 1; File.Exists(Path.Combine(OutFolder, $"{n}.json")); n++)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutFolder, $"{n}.json")));
            var root = json.RootElement;
            list.Add(new ReceivedMail(
                root.GetProperty("mailFrom").GetString() ?? string.Empty,
                [.. root.GetProperty("rcptTo").EnumerateArray().Select(r => r.GetString() ?? string.Empty)],
                root.GetProperty("user").ValueKind == JsonValueKind.String ? root.GetProperty("user").GetString() : null,
                root.GetProperty("secure").GetBoolean(),
                Path.Combine(OutFolder, $"{n}.eml")));
        }

        return list;
    }

    /// <summary>A free loopback port for servers that cannot listen on port 0 and report it.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
        try
        {
            Directory.Delete(OutFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
