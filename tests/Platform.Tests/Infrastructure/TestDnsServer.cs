using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A small authoritative DNS server that speaks real DNS over UDP and TCP on 127.0.0.1, for tests of the resolver
/// and the policy checks. Zones are set per test; names can be made to fail (SERVFAIL), to time out (no answer),
/// to be DNSSEC-authenticated (AD bit), or to force TCP (truncated over UDP).
/// </summary>
public sealed class TestDnsServer : IAsyncDisposable
{
    public const ushort A = 1, Cname = 5, Mx = 15, Txt = 16, Aaaa = 28, Tlsa = 52;

    private readonly UdpClient _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<(string Name, ushort Type), List<byte[]>> _records = new();
    private readonly ConcurrentDictionary<string, byte> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Behaviour> _behaviour = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;

    public TestDnsServer()
    {
        (_udp, _tcp) = BindBoth();
        Endpoint = (IPEndPoint)_udp.Client.LocalEndPoint!;
        _udpLoop = Task.Run(ServeUdpAsync);
        _tcpLoop = Task.Run(ServeTcpAsync);
    }

    [Flags]
    public enum Behaviour
    {
        None = 0,
        ServFail = 1,
        NoAnswer = 2,
        Authenticated = 4,
        TruncateUdp = 8,
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>While true, no query gets an answer: a resolver that has gone away (clients time out).</summary>
    public bool Silent { get; set; }

    /// <summary>A TXT record of the given strings; a string longer than 255 bytes is split, as zone files do (DKIM keys).</summary>
    public void AddTxt(string name, params string[] strings) =>
        Add(name, Txt, strings.Select(Encoding.UTF8.GetBytes).SelectMany(b => b.Chunk(255).DefaultIfEmpty([])).SelectMany(c => new[] { (byte)c.Length }.Concat(c)).ToArray());

    public void AddMx(string name, ushort preference, string host) =>
        Add(name, Mx, [.. BigEndian(preference), .. EncodeName(host)]);

    /// <summary>A CNAME at the name, answered to CNAME queries (not followed for other types).</summary>
    public void AddCname(string name, string target) => Add(name, Cname, EncodeName(target));

    public void AddA(string name, IPAddress address) => Add(name, A, address.GetAddressBytes());

    public void AddAaaa(string name, IPAddress address) => Add(name, Aaaa, address.GetAddressBytes());

    public void AddTlsa(string name, byte usage, byte selector, byte matchingType, byte[] data) =>
        Add(name, Tlsa, [usage, selector, matchingType, .. data]);

    public void Set(string name, Behaviour behaviour) => _behaviour[Normalize(name)] = behaviour;

    public void Clear(string name)
    {
        var normalized = Normalize(name);
        _names.TryRemove(normalized, out _);
        foreach (var type in new[] { A, Cname, Mx, Txt, Aaaa, Tlsa })
        {
            _records.TryRemove((normalized, type), out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        await Task.WhenAll(_udpLoop, _tcpLoop).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    /// <summary>DNS needs UDP and TCP on one port number: take a free UDP port, retry while its TCP twin is taken.</summary>
    private static (UdpClient Udp, TcpListener Tcp) BindBoth()
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var tcp = new TcpListener(IPAddress.Loopback, ((IPEndPoint)udp.Client.LocalEndPoint!).Port);
            try
            {
                tcp.Start();
                return (udp, tcp);
            }
            catch (SocketException) when (attempt < 50)
            {
                udp.Dispose();
            }
        }
    }

    private void Add(string name, ushort type, byte[] rdata)
    {
        var normalized = Normalize(name);
        _names[normalized] = 0;
        _records.AddOrUpdate((normalized, type), _ => [rdata], (_, list) => [.. list, rdata]);
    }

    private async Task ServeUdpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            var response = Answer(request.Buffer, overUdp: true);
            if (response is not null)
            {
                await _udp.SendAsync(response, request.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = client.GetStream();
                    var prefix = new byte[2];
                    await stream.ReadExactlyAsync(prefix, _stop.Token);
                    var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                    await stream.ReadExactlyAsync(query, _stop.Token);
                    var response = Answer(query, overUdp: false);
                    if (response is not null)
                    {
                        await stream.WriteAsync(BigEndian((ushort)response.Length), _stop.Token);
                        await stream.WriteAsync(response, _stop.Token);
                    }
                }
            });
        }
    }

    private byte[]? Answer(byte[] query, bool overUdp)
    {
        var (name, type, questionEnd) = ReadQuestion(query);
        var behaviour = _behaviour.GetValueOrDefault(name);
        if (Silent || behaviour.HasFlag(Behaviour.NoAnswer))
        {
            return null;
        }

        var known = _names.ContainsKey(name);
        var answers = _records.GetValueOrDefault((name, type)) ?? [];
        var truncate = overUdp && behaviour.HasFlag(Behaviour.TruncateUdp);
        var rcode = behaviour.HasFlag(Behaviour.ServFail) ? 2 : known ? 0 : 3;
        var flags = 0x8000 | 0x0400 | (query[2] & 0x01) << 8 | 0x0080 | rcode;
        if (truncate)
        {
            flags |= 0x0200;
        }

        if (behaviour.HasFlag(Behaviour.Authenticated))
        {
            flags |= 0x0020;
        }

        var answerCount = rcode == 0 && !truncate ? answers.Count : 0;
        var response = new List<byte>();
        response.AddRange(query.AsSpan(0, 2).ToArray());
        response.AddRange(BigEndian((ushort)flags));
        response.AddRange(BigEndian(1));
        response.AddRange(BigEndian((ushort)answerCount));
        response.AddRange(BigEndian(0));
        response.AddRange(BigEndian(0));
        response.AddRange(query.AsSpan(12, questionEnd - 12).ToArray());
        foreach (var rdata in answers.Take(answerCount))
        {
            response.AddRange(BigEndian(0xC00C)); // the question's name
            response.AddRange(BigEndian(type));
            response.AddRange(BigEndian(1));
            response.AddRange([0, 0, 0, 60]);
            response.AddRange(BigEndian((ushort)rdata.Length));
            response.AddRange(rdata);
        }

        return [.. response];
    }

    private static (string Name, ushort Type, int End) ReadQuestion(byte[] query)
    {
        var labels = new List<string>();
        var offset = 12;
        while (query[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, offset + 1, query[offset]));
            offset += query[offset] + 1;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 1));
        return (Normalize(string.Join('.', labels)), type, offset + 5);
    }

    private static byte[] EncodeName(string name) =>
        [.. Normalize(name).Split('.').SelectMany(l => new[] { (byte)l.Length }.Concat(Encoding.ASCII.GetBytes(l))), 0];

    private static byte[] BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();
}
