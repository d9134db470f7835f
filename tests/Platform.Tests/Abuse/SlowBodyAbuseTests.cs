using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Api.Ingestion;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// Red-team finding: a POST that only declares a large <c>Content-Length</c> and then trickles its body (Kestrel's
/// minimum data rate is 240 bytes/s) must not hold that length of the ingestion budget. Otherwise a handful of idle
/// connections (budget / 5 MiB, within every rate limit) turn every other report away with 503 for hours.
/// </summary>
public sealed class SlowBodyAbuseTests(TightBudgetPlatform platform) : IClassFixture<TightBudgetPlatform>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private IngestionBudget Budget => platform.Services.GetRequiredService<IngestionBudget>();

    [Fact]
    public async Task Bodies_that_are_only_declared_do_not_take_the_budget_from_real_reports()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        const long declared = 5 * 1024 * 1024;
        var connections = new List<TcpClient>();
        try
        {
            // Declared lengths that add up to the whole budget.
            for (var remaining = Budget.Capacity; remaining > 0; remaining -= declared)
            {
                var length = Math.Min(declared, remaining);
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, platform.BaseUrl.Port);
                var head = $"POST /v1/reports/{token} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/tlsrpt+gzip\r\nContent-Length: {length}\r\n\r\n\u001f\u008b";
                await client.GetStream().WriteAsync(Encoding.Latin1.GetBytes(head));
                connections.Add(client);
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            using var small = await platform.Http.PostGzipAsync(token, Reports.WithSessions(name, "small-behind-slow-bodies", Today, 1, 0));

            Assert.Equal(HttpStatusCode.Created, small.StatusCode);
            Assert.True(Budget.InUse < Budget.Capacity / 2, $"{Budget.InUse} bytes held by {connections.Count} connections that sent 2 bytes each");
        }
        finally
        {
            foreach (var client in connections)
            {
                client.Dispose();
            }
        }

        await Eventually.TrueAsync(() => Budget.InUse == 0, what: "the aborted bodies gave their bytes back");
    }

    [Fact]
    public async Task A_body_trickled_past_the_body_timeout_gets_408_and_its_bytes_back()
    {
        using var tenant = await platform.NewTenantAsync();
        var (_, token) = await tenant.RegisterDomainAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, platform.BaseUrl.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(
            $"POST /v1/reports/{token} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/tlsrpt+json\r\nContent-Length: 100000\r\n\r\n"));

        // A few hundred bytes a second: above Kestrel's minimum rate, far below what 100 KB needs within the timeout.
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var answer = Task.Run(async () => await reader.ReadLineAsync());
        for (var i = 0; i < 40 && !answer.IsCompleted; i++)
        {
            try
            {
                await stream.WriteAsync(new byte[300].Select(_ => (byte)' ').ToArray());
            }
            catch (IOException)
            {
                break; // the platform answered and closed
            }

            await Task.Delay(250);
        }

        Assert.StartsWith("HTTP/1.1 408", await answer.WaitAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Budget.InUse == 0, what: "the timed-out body gave its bytes back");
    }
}
