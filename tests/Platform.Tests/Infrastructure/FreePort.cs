using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// Loopback ports for fixtures to listen on. They come from below the kernel's ephemeral range (Linux:
/// <c>ip_local_port_range</c>, 32768–60999 by default), because every outgoing connection on the machine takes its
/// local port from that range: a port found free there can be gone by the time the fixture binds it, seconds later
/// when PostgreSQL or Postfix has started first ("Address already in use" at silo start). Below the range only an
/// explicit bind takes a port, and this process never hands out the same one twice.
/// </summary>
internal static class FreePort
{
    private const int Lowest = 20000;
    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";
    private static readonly HashSet<int> Given = [];
    private static readonly Lock Gate = new();

    public static int Next()
    {
        var ceiling = EphemeralFloor();
        if (ceiling - Lowest < 1000)
        {
            return AnyFree();
        }

        lock (Gate)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(Lowest, ceiling);
                if (Given.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }

        return AnyFree();
    }

    private static int EphemeralFloor()
    {
        // Elsewhere the range starts at 49152 (IANA, Windows, macOS); 32768 is below every default.
        if (!File.Exists(EphemeralRange))
        {
            return 32768;
        }

        var first = File.ReadAllText(EphemeralRange).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
        return int.Parse(first, CultureInfo.InvariantCulture);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int AnyFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
