using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A real HTTP server (Kestrel, 127.0.0.1) that receives webhook calls, answering 500 to the first
/// <see cref="FailFirst"/> of them — a receiver that is down for a while — and 204 afterwards, each answer
/// <see cref="AnswerAfter"/> after the call arrived (a slow receiver).
/// </summary>
public sealed class TestWebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private WebApplication? _app;
    private int _calls;
    private int _inFlight;
    private int _maxInFlight;

    public TestWebhookReceiver(int port) => Port = port;

    public int Port { get; }

    public int FailFirst { get; init; }

    public TimeSpan AnswerAfter { get; init; }

    /// <summary>Calls that arrived and have not been answered or abandoned by the caller yet.</summary>
    public int CallsInFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most calls that were in flight at once.</summary>
    public int MaxCallsInFlight => Volatile.Read(ref _maxInFlight);

    public Uri Url => new($"http://127.0.0.1:{Port}/hooks/tlsrpt");

    /// <summary>Every call, failed or not, in arrival order (recorded on arrival).</summary>
    public IReadOnlyList<ReceivedWebhook> Received => _received.ToList();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        var stopping = _app.Lifetime.ApplicationStopping;
        _app.MapPost("/hooks/tlsrpt", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var call = Interlocked.Increment(ref _calls);
            var status = call <= FailFirst ? StatusCodes.Status500InternalServerError : StatusCodes.Status204NoContent;
            _received.Enqueue(new ReceivedWebhook(context.Request.Headers["X-TlsRpt-Signature"].ToString(), body.ToArray(), status, DateTimeOffset.UtcNow));
            var inFlight = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, inFlight);
            try
            {
                if (AnswerAfter > TimeSpan.Zero)
                {
                    // Until the caller gives up, or this receiver stops (so that disposing it never waits for the delay).
                    using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
                    await Task.Delay(AnswerAfter, giveUp.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }

            return Results.StatusCode(status);
        });
        await _app.StartAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var before = Interlocked.CompareExchange(ref target, value, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
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
