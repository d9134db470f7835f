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

    [Fact]
    public void A_trailer_that_declares_more_than_the_limit_is_refused_before_inflating()
    {
        var limits = new ReportLimits { MaxDecompressedBytes = 1024 * 1024 };
        var bomb = Zeros(2L * 1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<ReportFormatException>(() => ReportBody.ExpectedJsonBytes(bomb, limits));

        Assert.Equal(ReportErrorKind.TooLarge, ex.Kind);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024, "nothing was inflated");
    }

    [Fact]
    public void An_honest_trailer_sizes_the_output_exactly_and_asks_for_no_growth()
    {
        var json = Encoding.UTF8.GetBytes("{\"report\":\"" + new string('a', 100_000) + "\"}");
        var gz = Corpus.Gzip(json);
        var grown = 0L;

        var expected = ReportBody.ExpectedJsonBytes(gz, new ReportLimits());
        var output = ReportBody.ToJson(gz, new ReportLimits(), extra => grown += extra);

        Assert.Equal(json.Length, expected);
        Assert.Equal(json, output);
        Assert.Equal(0, grown);
    }

    [Fact]
    public void A_trailer_that_understates_is_grown_through_the_callback_which_may_stop_it()
    {
        var limits = new ReportLimits { MaxDecompressedBytes = 8 * 1024 * 1024 };
        var bomb = Zeros(4L * 1024 * 1024);
        bomb.AsSpan(bomb.Length - 4).Clear(); // ISIZE = 0: the sender claims an empty report
        var grown = new List<long>();

        // .NET's inflater checks ISIZE at the end of the member, so the lie surfaces as corrupt data at the latest.
        var ex = Assert.Throws<ReportFormatException>(() => ReportBody.ToJson(bomb, limits, grown.Add));
        var stopped = Assert.Throws<InvalidOperationException>(() => ReportBody.ToJson(bomb, limits, _ => throw new InvalidOperationException("budget full")));

        Assert.Equal(ReportErrorKind.Malformed, ex.Kind);
        Assert.True(grown.Where(g => g > 0).Sum() >= 4L * 1024 * 1024, "every buffer beyond the declared size was asked for");
        Assert.InRange(grown.Sum(), 0, 8L * 1024 * 1024); // replaced buffers were given back: only the last one is live
        Assert.Equal("budget full", stopped.Message);
    }

    [Fact]
    public void A_cut_off_body_whose_last_bytes_claim_an_impossible_size_is_malformed_not_too_large()
    {
        var gz = Corpus.Gzip(Encoding.UTF8.GetBytes(new string('x', 100_000)))[..40];
        gz.AsSpan(36).Fill(0xff); // "ISIZE" 4 GiB − 1 from 40 bytes of input

        var ex = Assert.Throws<ReportFormatException>(() => ReportBody.ExpectedJsonBytes(gz, new ReportLimits()));

        Assert.Equal(ReportErrorKind.Malformed, ex.Kind);
    }

    [Fact]
    public void Concatenated_gzip_members_are_one_report()
    {
        var first = Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 10_000) + "\",");
        var second = Encoding.UTF8.GetBytes("\"b\":1}");
        var gz = Corpus.Gzip(first).Concat(Corpus.Gzip(second)).ToArray();

        var output = ReportBody.ToJson(gz, new ReportLimits());

        Assert.Equal(first.Concat(second).ToArray(), output);
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
