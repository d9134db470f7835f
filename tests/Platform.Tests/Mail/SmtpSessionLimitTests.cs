using System.Net;
using System.Net.Sockets;
using System.Text;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Mail;

public class SmtpSessionLimitTests(OneSessionMailPlatform platform) : IClassFixture<OneSessionMailPlatform>
{
    [Fact]
    public async Task Sessions_over_the_limit_are_answered_421_and_a_freed_slot_is_reused()
    {
        using (var first = await ConnectAsync())
        {
            Assert.StartsWith("220", await first.Reader.ReadLineAsync(), StringComparison.Ordinal);
            using var second = await ConnectAsync();
            Assert.StartsWith("421", await second.Reader.ReadLineAsync(), StringComparison.Ordinal);
            await first.Stream.WriteAsync(Encoding.ASCII.GetBytes("QUIT\r\n"));
            Assert.StartsWith("221", await first.Reader.ReadLineAsync(), StringComparison.Ordinal);
        }

        await Eventually.TrueAsync(async () =>
        {
            using var later = await ConnectAsync();
            return (await later.Reader.ReadLineAsync())?.StartsWith("220", StringComparison.Ordinal) == true;
        }, seconds: 10, what: "a session after the first one ended");
    }

    private async Task<Session> ConnectAsync()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, platform.SmtpPort);
        var stream = tcp.GetStream();
        return new Session(tcp, stream, new StreamReader(stream, Encoding.ASCII));
    }

    private sealed record Session(TcpClient Client, NetworkStream Stream, StreamReader Reader) : IDisposable
    {
        public void Dispose()
        {
            Reader.Dispose();
            Client.Dispose();
        }
    }
}
