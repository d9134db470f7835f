using System.Text;
using TlsRptPlatform.Protocol.Smtp;

namespace TlsRptPlatform.Protocol.Tests.Smtp;

public class SmtpReplyReaderTests
{
    [Fact]
    public async Task A_multiline_ehlo_reply_lists_its_extensions_and_leaves_nothing_buffered()
    {
        var reader = Reader("250-mx.example.com Hello\r\n250-SIZE 1000\r\n250-STARTTLS\r\n250 8BITMIME\r\n");

        var reply = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(250, reply.Code);
        Assert.True(reply.HasExtension("starttls"));
        Assert.False(reply.HasExtension("mx.example.com"));
        Assert.False(reader.HasBufferedInput);
    }

    [Fact]
    public async Task Bytes_after_a_reply_are_noticed()
    {
        var reader = Reader("220 Ready to start TLS\r\n250 injected\r\n");

        var reply = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(220, reply.Code);
        Assert.True(reader.HasBufferedInput);
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("250-first\r\n354 other code\r\n")]
    [InlineData("220 cut off")]
    [InlineData("220x no separator\r\n")]
    public async Task What_is_not_an_smtp_reply_is_refused(string input)
    {
        await Assert.ThrowsAsync<SmtpReplyException>(() => Reader(input).ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Replies_are_bounded_in_line_length_and_line_count()
    {
        var longLine = "220 " + new string('a', 600) + "\r\n";
        var manyLines = string.Concat(Enumerable.Repeat("250-x\r\n", 100)) + "250 end\r\n";

        await Assert.ThrowsAsync<SmtpReplyException>(() => Reader(longLine).ReadAsync(CancellationToken.None));
        await Assert.ThrowsAsync<SmtpReplyException>(() => Reader(manyLines).ReadAsync(CancellationToken.None));
    }

    private static SmtpReplyReader Reader(string text) => new(new MemoryStream(Encoding.ASCII.GetBytes(text)));
}
