using System.Text;
using TlsRptPlatform.Protocol.Imports;

namespace TlsRptPlatform.Protocol.Tests.Imports;

public class ImportFormatsTests
{
    [Theory]
    [InlineData("PK\u0003\u0004rest", ImportFormat.Zip)]
    [InlineData("PK\u0005\u0006", ImportFormat.Zip)]
    [InlineData("From MAILER-DAEMON Mon Jan  5 00:00:00 2026\n", ImportFormat.Mbox)]
    [InlineData("\r\n\r\nFrom someone@example.com Tue Feb 3 2026\n", ImportFormat.Mbox)]
    [InlineData("{\"organization-name\":", ImportFormat.Report)]
    [InlineData("  \n {", ImportFormat.Report)]
    [InlineData("Return-Path: <x@example.com>\r\nFrom: x@example.com\r\n", ImportFormat.Eml)]
    [InlineData("", ImportFormat.Eml)]
    public void Content_decides_the_format(string head, ImportFormat expected) =>
        Assert.Equal(expected, ImportFormats.Detect(Encoding.Latin1.GetBytes(head)));

    [Fact]
    public void Gzip_and_a_byte_order_mark_before_json_are_reports() =>
        Assert.All(new byte[][] { [0x1f, 0x8b, 8, 0], [0xEF, 0xBB, 0xBF, (byte)'{'] }, head => Assert.Equal(ImportFormat.Report, ImportFormats.Detect(head)));

    [Theory]
    [InlineData("mbox", ImportFormat.Mbox)]
    [InlineData("ZIP", ImportFormat.Zip)]
    [InlineData("report", ImportFormat.Report)]
    [InlineData("eml", ImportFormat.Eml)]
    public void Wire_names_parse(string name, ImportFormat expected)
    {
        Assert.True(ImportFormats.TryParse(name, out var format));
        Assert.Equal(expected, format);
        Assert.Equal(name.ToLowerInvariant(), ImportFormats.Name(format));
    }

    [Theory]
    [InlineData("rar")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_does_not(string? name) => Assert.False(ImportFormats.TryParse(name, out _));
}
