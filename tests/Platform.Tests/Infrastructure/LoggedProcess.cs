using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Sdk;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// An outside program whose output (stdout and stderr, line by line) is kept, so a test can wait for it to log
/// something and show its log when it did not. Killed, with its children, when disposed.
/// </summary>
public sealed class LoggedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private bool _disposed;

    private LoggedProcess(Process process) => _process = process;

    public string Name => _process.StartInfo.FileName + " " + string.Join(' ', _process.StartInfo.ArgumentList);

    public IEnumerable<string> Lines => _lines;

    public static LoggedProcess Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start };
        var logged = new LoggedProcess(process);
        // Both pipes are drained as they fill: a chatty program blocks once a pipe's buffer is full.
        process.OutputDataReceived += (_, e) => logged.Add(e.Data);
        process.ErrorDataReceived += (_, e) => logged.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return logged;
    }

    /// <summary>Waits until a line matches; fails with the program's log when it exits or the time is up first.</summary>
    public Task WaitForLineAsync(Func<string, bool> match, string what, int seconds = 30) =>
        WaitForAsync(() => _lines.Any(match), what, seconds);

    /// <summary>Waits for something the program brings about; fails with its log when it exits or the time is up first.</summary>
    public async Task WaitForAsync(Func<bool> condition, string what, int seconds = 30)
    {
        try
        {
            await Eventually.TrueAsync(() => condition() || _process.HasExited, seconds, what);
        }
        catch (XunitException e)
        {
            throw new XunitException($"{e.Message}; {Name} logged:\n{Log()}");
        }

        if (!condition())
        {
            throw new XunitException($"{Name} exited with {_process.ExitCode} before {what}:\n{Log()}");
        }
    }

    public string Log() => string.Join('\n', _lines.TakeLast(60));

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
