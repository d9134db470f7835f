using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A real HTTP server (Kestrel, 127.0.0.1) that receives webhook calls, answering 500 to the first
/// <see cref="FailFirst"/> of them — a receiver that is down for a while — and 204 afterwards.
/// </summary>
public sealed class TestWebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private WebApplication? _app;
    private int _calls;

    public TestWebhookReceiver(int port) => Port = port;

    public int Port { get; }

    public int FailFirst { get; init; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hooks/tlsrpt");

    /// <summary>Every call, failed or not, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => _received.ToList();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        _app.MapPost("/hooks/tlsrpt", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var call = Interlocked.Increment(ref _calls);
            var status = call <= FailFirst ? StatusCodes.Status500InternalServerError : StatusCodes.Status204NoContent;
            _received.Enqueue(new ReceivedWebhook(context.Request.Headers["X-TlsRpt-Signature"].ToString(), body.ToArray(), status, DateTimeOffset.UtcNow));
            return Results.StatusCode(status);
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed record ReceivedWebhook(string Signature, byte[] Body, int AnsweredWith, DateTimeOffset At);
