using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TlsRptPlatform.AbuseBench;

/// <summary>The built Silo as a separate OS process on 127.0.0.1, its RSS read from <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private PlatformProcess(Process process, StreamWriter log, Uri url, int smtpPort)
    {
        _process = process;
        _log = log;
        Url = url;
        SmtpPort = smtpPort;
    }

    public Uri Url { get; }

    public int SmtpPort { get; }

    public int Id => _process.Id;

    public static async Task<PlatformProcess> StartAsync(
        string siloDll, string dataDirectory, string? connection, string adminKey, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var (http, smtp, silo, gateway) = (FreePort(), FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(siloDll);
        var settings = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{http}",
            ["Platform:DataDirectory"] = dataDirectory,
            ["Platform:AdminApiKey"] = adminKey,
            ["ConnectionStrings:Platform"] = connection ?? string.Empty,
            ["Orleans:SiloPort"] = silo.ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture),
            ["Ingestion:RateLimit:PerTokenPerMinute"] = "0",
            ["Ingestion:RateLimit:PerAddressPerMinute"] = "0",
            ["Api:RateLimit:PerKeyPerMinute"] = "0",
            ["Smtp:ListenAddress"] = "127.0.0.1",
            ["Smtp:ListenPort"] = smtp.ToString(CultureInfo.InvariantCulture),
            ["Smtp:MaxMessageBytes"] = (10 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
            ["Smtp:ReportDomain"] = "reports.localhost",
            ["Dns:RecheckInterval"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the platform process.");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var platform = new PlatformProcess(process, log, new Uri($"http://127.0.0.1:{http}"), smtp);
        await platform.WaitUntilReadyAsync(logFile);
        return platform;
    }

    /// <summary>VmRSS and VmHWM in bytes.</summary>
    public (long Rss, long Hwm) Memory()
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line);
            }
        }

        return (rss, hwm);
    }

    /// <summary>Resets VmHWM to the current RSS (<c>echo 5 &gt; /proc/pid/clear_refs</c>), so the peak is the attack's.</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{Id}/clear_refs", "5");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync(string logFile)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"The platform did not become ready; see {logFile}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Samples the process's VmRSS every 100 ms until disposed; keeps the maximum and the series.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly PlatformProcess _platform;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _max;

    public RssSampler(PlatformProcess platform)
    {
        _platform = platform;
        _loop = Task.Run(LoopAsync);
    }

    public long Max => Interlocked.Read(ref _max);

    public List<(double Seconds, long Rss)> Series { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var (rss, _) = _platform.Memory();
            if (rss > Interlocked.Read(ref _max))
            {
                Interlocked.Exchange(ref _max, rss);
            }

            lock (Series)
            {
                Series.Add((_clock.Elapsed.TotalSeconds, rss));
            }

            await Task.Delay(100, _stop.Token);
        }
    }
}
