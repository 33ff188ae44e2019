using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansNotify.Testing.Silo;

public static class LoopbackPort
{
    /// <summary>A loopback port nobody listens on right now, as configuration text.</summary>
    public static string Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
