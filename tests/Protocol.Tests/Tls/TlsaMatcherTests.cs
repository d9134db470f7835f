using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsRptPlatform.Protocol.Tls;

namespace TlsRptPlatform.Protocol.Tests.Tls;

public sealed class TlsaMatcherTests : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _leaf;
    private readonly X509Certificate2 _other;

    public TlsaMatcherTests()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _leaf = new CertificateRequest("CN=mx.example.com", leafKey, HashAlgorithmName.SHA256)
            .Create(_ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3]);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _other = new CertificateRequest("CN=mx.example.com", otherKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
    }

    private IReadOnlyList<ChainCertificate> Chain => [Of(_leaf), Of(_ca)];

    [Theory]
    [InlineData(3, 0, 0)]
    [InlineData(3, 0, 1)]
    [InlineData(3, 0, 2)]
    [InlineData(3, 1, 0)]
    [InlineData(3, 1, 1)]
    [InlineData(3, 1, 2)]
    public void Dane_ee_matches_the_leaf_by_every_selector_and_matching_type(int usage, int selector, int matching)
    {
        var record = Record(usage, selector, matching, _leaf);

        Assert.Equal(TlsaMatch.Match, TlsaMatcher.Match([record], Chain));
    }

    [Theory]
    [InlineData(2, 0, 1)]
    [InlineData(2, 1, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(2, 0, 0)]
    public void Dane_ta_matches_an_issuer_in_the_chain(int usage, int selector, int matching)
    {
        Assert.Equal(TlsaMatch.Match, TlsaMatcher.Match([Record(usage, selector, matching, _ca)], Chain));
    }

    [Fact]
    public void Dane_ta_does_not_accept_the_leaf_as_its_own_anchor()
    {
        Assert.Equal(TlsaMatch.Mismatch, TlsaMatcher.Match([Record(2, 1, 1, _leaf)], Chain));
    }

    [Fact]
    public void Dane_ee_does_not_match_an_issuer()
    {
        Assert.Equal(TlsaMatch.Mismatch, TlsaMatcher.Match([Record(3, 1, 1, _ca)], Chain));
    }

    [Fact]
    public void Another_key_is_a_mismatch_and_one_matching_record_of_several_is_enough()
    {
        Assert.Equal(TlsaMatch.Mismatch, TlsaMatcher.Match([Record(3, 1, 1, _other)], Chain));
        Assert.Equal(TlsaMatch.Match, TlsaMatcher.Match([Record(3, 1, 1, _other), Record(3, 1, 1, _leaf)], Chain));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 1, 3)]
    public void Pkix_usages_and_unknown_parameters_are_unusable_so_dane_does_not_apply(int usage, int selector, int matching)
    {
        // RFC 7672 §3.1.3: even a record that would "match" is ignored by SMTP clients.
        Assert.Equal(TlsaMatch.NotApplicable, TlsaMatcher.Match([Record(usage, selector, matching, _leaf)], Chain));
        Assert.Equal(TlsaMatch.NotApplicable, TlsaMatcher.Match([], Chain));
    }

    [Fact]
    public void Presentation_form_round_trips_with_split_hex()
    {
        var hash = Convert.ToHexString(SHA256.HashData(_leaf.PublicKey.ExportSubjectPublicKeyInfo())).ToLowerInvariant();

        Assert.True(TlsaAssociation.TryParse($"3 1 1 {hash[..20]} {hash[20..]}", out var parsed));
        Assert.Equal(TlsaMatch.Match, TlsaMatcher.Match([parsed!], Chain));
        Assert.False(TlsaAssociation.TryParse("3 1 1 not-hex", out _));
        Assert.False(TlsaAssociation.TryParse("3 1", out _));
    }

    public void Dispose()
    {
        _ca.Dispose();
        _leaf.Dispose();
        _other.Dispose();
    }

    private static ChainCertificate Of(X509Certificate2 certificate) => new(certificate.RawData, certificate.PublicKey.ExportSubjectPublicKeyInfo());

    private static TlsaAssociation Record(int usage, int selector, int matching, X509Certificate2 certificate)
    {
        var selected = selector == 0 ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        var data = matching switch
        {
            1 => SHA256.HashData(selected),
            2 => SHA512.HashData(selected),
            _ => selected,
        };
        return new TlsaAssociation(usage, selector, matching, data);
    }
}
