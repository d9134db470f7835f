using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;

namespace TlsRptPlatform.Platform.Tests.Probes;

/// <summary>Policy states with probe results, built by hand for the pure judges.</summary>
internal static class ProbeSnapshots
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static MxAddressProbe Tls(
        string version = "TLSv1.3", int days = 90, bool trusted = true, bool nameMatches = true, string? dane = null, string sha = "aa", string address = "192.0.2.1") =>
        new(address, true, true, version, "TLS_AES_128_GCM_SHA256",
            new ProbedCertificate("CN=mx.example.com", "CN=Some CA", ["mx.example.com"], Now.AddDays(-30), Now.AddDays(days).AddHours(1), sha, ["CN=Some CA"]),
            trusted, nameMatches, days, dane, null);

    public static PolicySnapshot With(string? mode, bool? matchesMtaSts, params MxAddressProbe[] addresses) =>
        new(Now,
            new TlsRptState("valid", [], true, null),
            new MtaStsState(mode is null ? "missing" : "valid", mode is null ? null : "1", mode, [], null, null),
            [new MxState("mx.example.com", 10, matchesMtaSts, [], false, new MxProbe(Now, addresses, null))],
            [], [], Now);
}
