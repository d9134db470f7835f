using System.Net;
using System.Net.Sockets;

using TlsRptPlatform.Api.Hosting;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// Who may open an SMTP session now: at most <c>Smtp:MaxConnections</c> at once, and at most
/// <c>Smtp:MaxConnectionsPerAddress</c> of them from one client, so that one host holding idle connections cannot use up
/// the whole listener and lock out every other sender. A client's sessions together may also hold at most
/// <c>Smtp:MaxBufferedBytesPerAddress</c> of input, so that one host trickling large messages cannot take the whole
/// ingestion budget either.
/// </summary>
internal sealed class ConnectionQuota(int maxConnections, int maxPerClient, long maxBufferedPerClient = long.MaxValue)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Client> _perClient = [];
    private int _total;

    /// <summary>A session's place in the quota, or the reason there is none.</summary>
    public ConnectionAdmission TryAdmit(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var client = ClientAddress.QuotaUnit(address);
        lock (_gate)
        {
            if (_total >= maxConnections)
            {
                return ConnectionAdmission.Refused("421 4.3.2 Too many connections; try again later.");
            }

            if (!_perClient.TryGetValue(client, out var state))
            {
                state = new Client();
            }

            if (state.Sessions >= maxPerClient)
            {
                return ConnectionAdmission.Refused("421 4.7.0 Too many connections from your address; try again later.");
            }

            state.Sessions++;
            _perClient[client] = state;
            _total++;
        }

        return ConnectionAdmission.Admitted(new Lease(this, client));
    }

    /// <summary>Moves a session's buffered input from <paramref name="from"/> to <paramref name="to"/> bytes, if its client's share allows.</summary>
    private bool TryBuffer(IPAddress client, long from, long to)
    {
        lock (_gate)
        {
            var state = _perClient[client];
            if (to > from && state.Buffered + (to - from) > maxBufferedPerClient)
            {
                return false;
            }

            state.Buffered += to - from;
            return true;
        }
    }

    private void Release(IPAddress client, long buffered)
    {
        lock (_gate)
        {
            _total--;
            var state = _perClient[client];
            state.Sessions--;
            state.Buffered -= buffered;
            if (state.Sessions == 0)
            {
                // Forget idle clients, so that the table does not grow with every address ever seen.
                _perClient.Remove(client);
            }
        }
    }

    private sealed class Client
    {
        public int Sessions { get; set; }

        public long Buffered { get; set; }
    }

    /// <summary>A session's place in the quota and the input it holds buffered; disposing it gives both back.</summary>
    internal sealed class Lease(ConnectionQuota quota, IPAddress client) : IDisposable
    {
        private readonly Lock _gate = new();
        private long _buffered;
        private bool _released;

        /// <summary>Sets what the session holds buffered; false when that would take its client past its share.</summary>
        public bool TryBuffer(long bytes)
        {
            lock (_gate)
            {
                if (bytes == _buffered)
                {
                    return !_released;
                }

                if (_released || !quota.TryBuffer(client, _buffered, bytes))
                {
                    return false;
                }

                _buffered = bytes;
                return true;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (!_released)
                {
                    _released = true;
                    quota.Release(client, _buffered);
                }
            }
        }
    }
}
