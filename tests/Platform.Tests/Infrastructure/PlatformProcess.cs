using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>The platform as a separate OS process (the built Silo executable), so that a test can SIGKILL it.</summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PlatformProcess(Process process, Uri baseUrl, int siloPort)
    {
        _process = process;
        BaseUrl = baseUrl;
        SiloPort = siloPort;
    }

    public Uri BaseUrl { get; }

    /// <summary>The Orleans silo port it was given (<c>Orleans:SiloPort</c>), which names it in the membership table.</summary>
    public int SiloPort { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int ProcessId => _process.Id;

    public static async Task<PlatformProcess> StartAsync(int httpPort, IReadOnlyDictionary<string, string> settings)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{httpPort}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TlsRptPlatform.Silo.dll"));
        foreach (var (key, value) in settings.Append(new("Urls", baseUrl.ToString())))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the platform process.");
        var platform = new PlatformProcess(process, baseUrl, int.Parse(settings.GetValueOrDefault("Orleans:SiloPort", "0"), CultureInfo.InvariantCulture));
        process.OutputDataReceived += (_, e) => platform.Append(e.Data);
        process.ErrorDataReceived += (_, e) => platform.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await platform.WaitUntilReadyAsync();
        return platform;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing: only what was durable survives.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGSTOP: the process hangs as on a paused VM or a stuck disk — its sockets stay open, nothing answers.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: a paused process runs on, unaware of the time it lost.</summary>
    public Task ContinueAsync() => SignalAsync("CONT");

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Kubernetes sends it; returns the exit code once the process has shut down.</summary>
    public async Task<int> TerminateAsync(TimeSpan patience)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(patience);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    public static Dictionary<string, string> Settings(string dataDirectory, string? connectionString) =>
        new()
        {
            ["Platform:DataDirectory"] = dataDirectory,
            ["Platform:AdminApiKey"] = PlatformFixture.AdminKey,
            ["Orleans:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["ConnectionStrings:Platform"] = connectionString ?? string.Empty,
            ["Ingestion:RateLimit:PerTokenPerMinute"] = "0",
            ["Dns:RecheckInterval"] = "00:00:00",
            ["Dns:Servers:0"] = PlatformFixture.NoDnsServer,
            ["Smtp:ListenPort"] = "0",
            ["Telemetry:MetricsPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
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

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"The platform did not become ready. Output:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
