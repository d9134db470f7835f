using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A real MTA: Debian's Postfix as a private instance (its own configuration, queue and data directories in a temp
/// directory, <c>postfix -c DIR start-fg</c>), taking mail on a free loopback port and relaying all of it to one host
/// (see <see cref="PostfixConfiguration"/>). Needs root, as Postfix's master does; stopped when disposed.
/// </summary>
public sealed partial class PostfixServer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/postfix";
    private readonly PostfixConfiguration _configuration;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _master;

    /// <param name="relayPort">The relay host's port on 127.0.0.1.</param>
    /// <param name="caFile">PEM of the CA that issued the relay host's certificate.</param>
    /// <param name="relayName">The DNS name the relay host's certificate must carry.</param>
    public PostfixServer(int relayPort, string caFile, string relayName)
    {
        _configuration = new PostfixConfiguration(
            Path.Combine(Path.GetTempPath(), $"tlsrpt-postfix-{Guid.NewGuid():N}"), FreePort.Next(), relayPort, caFile, relayName);
        Log = new PostfixLog(_configuration.LogFile);
    }

    /// <summary>Where Postfix takes submissions (its smtpd on 127.0.0.1).</summary>
    public int Port => _configuration.Port;

    public PostfixLog Log { get; }

    public async Task StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(
                "Postfix was not found. Install the Debian package 'postfix' (tools/test-prerequisites.sh does, without a system instance: " +
                "debconf 'postfix postfix/main_mailer_type select No configuration').");
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("Postfix's master must run as root (it drops its daemons to the 'postfix' user); run these tests as root, as CI does.");
        }

        Directory.CreateDirectory(_configuration.ConfigDirectory);
        Directory.CreateDirectory(_configuration.QueueDirectory);
        Directory.CreateDirectory(_configuration.DataDirectory);
        await RunAsync("chown", "postfix", _configuration.DataDirectory);
        await File.WriteAllTextAsync(Path.Combine(_configuration.ConfigDirectory, "main.cf"), _configuration.MainCf);
        await File.WriteAllTextAsync(Path.Combine(_configuration.ConfigDirectory, "master.cf"), _configuration.MasterCf);

        // start-fg keeps the master our child: we reap it, and "postfix stop" still ends it cleanly.
        _master = new Process { StartInfo = new ProcessStartInfo(Binary, ["-c", _configuration.ConfigDirectory, "start-fg"]) { RedirectStandardOutput = true, RedirectStandardError = true } };
        _master.OutputDataReceived += (_, e) => _output.Enqueue(e.Data ?? string.Empty);
        _master.ErrorDataReceived += (_, e) => _output.Enqueue(e.Data ?? string.Empty);
        _master.Start();
        // A fixture whose start failed may never be disposed: do not leave a mail system running after the tests.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
        _master.BeginOutputReadLine();
        _master.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_master.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"Postfix did not start: {string.Join('\n', _output)}\n{Log}");
            }
        }
    }

    /// <summary>Submits a message over SMTP, as a sender's application hands mail to its MTA; returns its queue id.</summary>
    public async Task<string> SubmitAsync(MimeMessage message, string from, string to)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        var reply = await client.SendAsync(message, MailboxAddress.Parse(from), [MailboxAddress.Parse(to)]);
        await client.DisconnectAsync(true);
        var queued = QueuedAs().Match(reply);
        Assert.True(queued.Success, $"Postfix did not queue the message: {reply}");
        return queued.Groups["id"].Value;
    }

    /// <summary>Asks the queue manager to try every deferred message now (<c>postqueue -f</c>).</summary>
    public Task FlushAsync() => RunAsync("/usr/sbin/postqueue", "-c", _configuration.ConfigDirectory, "-f");

    public async Task<bool> QueueIsEmptyAsync() =>
        (await RunAsync("/usr/sbin/postqueue", "-c", _configuration.ConfigDirectory, "-p")).Contains("Mail queue is empty", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        if (_master is not null)
        {
            if (!_master.HasExited)
            {
                try
                {
                    await RunAsync(Binary, "-c", _configuration.ConfigDirectory, "stop");
                    using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                    await _master.WaitForExitAsync(stopped.Token);
                }
                catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
                {
                    Kill();
                    await _master.WaitForExitAsync();
                }
            }

            _master.Dispose();
        }

        if (Directory.Exists(_configuration.Directory))
        {
            Directory.Delete(_configuration.Directory, recursive: true);
        }
    }

    private void Kill()
    {
        try
        {
            _master?.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone (or disposed).
        }
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr} {await stdout}");
        }

        return await stdout;
    }

    // Postfix's smtpd answers the end of DATA with "250 2.0.0 Ok: queued as 4F2C1B9CA7E".
    [GeneratedRegex(@"queued as (?<id>[0-9A-Za-z]+)")]
    private static partial Regex QueuedAs();
}
