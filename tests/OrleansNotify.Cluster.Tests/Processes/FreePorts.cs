using System.Net;
using System.Net.Sockets;

namespace OrleansNotify.Cluster.Tests.Processes;

/// <summary>Loopback ports nobody listens on right now, so parallel runs and other engineers' servers never clash.</summary>
internal static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                // Never hand the same port twice in one run: a killed silo's port may be free again.
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
