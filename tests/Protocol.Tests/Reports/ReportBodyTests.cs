using System.IO.Compression;
using System.Text;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Tests.Reports;

public class ReportBodyTests
{
    [Fact]
    public void A_gzip_bomb_is_refused_without_inflating_it()
    {
        var bomb = Zeros(300L * 1024 * 1024);
        var limits = new ReportLimits();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<ReportFormatException>(() => ReportBody.Gunzip(bomb, limits));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ReportErrorKind.TooLarge, ex.Kind);
        Assert.True(bomb.Length < limits.MaxCompressedBytes, "the bomb itself must pass the compressed-size check");
        // Bounded by the 50 MiB output cap (plus the growth of its buffer), nowhere near 300 MiB.
        Assert.True(allocated < 80L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MiB");
    }

    [Fact]
    public void A_body_over_the_compressed_limit_is_too_large()
    {
        var limits = new ReportLimits { MaxCompressedBytes = 100 };

        var ex = Assert.Throws<ReportFormatException>(() => ReportBody.ToJson(new byte[101], limits));

        Assert.Equal(ReportErrorKind.TooLarge, ex.Kind);
    }

    [Fact]
    public void Corrupt_gzip_is_malformed()
    {
        var gz = Corpus.Gzip(Encoding.UTF8.GetBytes(new string('x', 10_000)));
        for (var i = 20; i < gz.Length - 8; i++)
        {
            gz[i] ^= 0x5a;
        }

        var ex = Assert.Throws<ReportFormatException>(() => ReportBody.Gunzip(gz, new ReportLimits()));

        Assert.Equal(ReportErrorKind.Malformed, ex.Kind);
    }

    [Fact]
    public void Plain_json_passes_through_unchanged()
    {
        var json = Encoding.UTF8.GetBytes("{\"a\":1}");

        Assert.Equal(json, ReportBody.ToJson(json, new ReportLimits()));
    }

    private static byte[] Zeros(long length)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            var block = new byte[1024 * 1024];
            for (long written = 0; written < length; written += block.Length)
            {
                gzip.Write(block);
            }
        }

        return output.ToArray();
    }
}
