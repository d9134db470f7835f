using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Faults;

/// <summary>
/// Senders that POST reports to a platform without pause while a fault is injected, as real senders do: every answer
/// is recorded with its time, every acknowledged report with its id, and a refused report is not sent again (so what
/// was stored but not acknowledged is visible as the difference).
/// </summary>
internal sealed class SteadySenders : IAsyncDisposable
{
    private readonly ConcurrentBag<(TimeSpan At, HttpStatusCode Status, bool RetryAfter, TimeSpan Took)> _answers = [];
    private readonly ConcurrentBag<(string Domain, long Id)> _acknowledged = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly List<Task> _senders;
    private int _next = -1;

    public SteadySenders(Uri baseUrl, IReadOnlyList<(string Name, string Token)> domains, DateOnly day, int senders)
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        _senders = Enumerable.Range(0, senders).Select(_ => Task.Run(() => SendAsync(domains, day))).ToList();
    }

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyCollection<(TimeSpan At, HttpStatusCode Status, bool RetryAfter, TimeSpan Took)> Answers => _answers;

    public IReadOnlyCollection<(string Domain, long Id)> Acknowledged => _acknowledged;

    /// <summary>How long after <paramref name="since"/> the first report was acknowledged again.</summary>
    public async Task<TimeSpan> RecoveryAfterAsync(TimeSpan since, int seconds = 60)
    {
        await Eventually.TrueAsync(() => _answers.Any(a => a.At > since && (int)a.Status / 100 == 2), seconds, "ingestion to recover");
        return _answers.Where(a => a.At > since && (int)a.Status / 100 == 2).Min(a => a.At) - since;
    }

    /// <summary>Answers by status, and the longest a sender waited for one.</summary>
    public string Describe() =>
        string.Join(", ", _answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))
        + $"; longest wait {_answers.Max(a => a.Took).TotalSeconds:F1} s";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_senders);
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task SendAsync(IReadOnlyList<(string Name, string Token)> domains, DateOnly day)
    {
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            var (name, token) = domains[n % domains.Count];
            var sent = _clock.Elapsed;
            HttpResponseMessage response;
            try
            {
                response = await _http.PostJsonAsync(token, Reports.WithSessions(name, $"steady-{n}", day, 10, 1));
            }
            catch (HttpRequestException)
            {
                // No answer at all (the connection broke): recorded as such, which a test may count as a failure.
                _answers.Add((_clock.Elapsed, 0, false, _clock.Elapsed - sent));
                continue;
            }

            using (response)
            {
                _answers.Add((_clock.Elapsed, response.StatusCode, response.Headers.RetryAfter is not null, _clock.Elapsed - sent));
                if (response.IsSuccessStatusCode)
                {
                    _acknowledged.Add((name, (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!));
                }
                else
                {
                    await Task.Delay(100);
                }
            }
        }
    }
}
