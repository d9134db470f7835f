using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A real IMAP server: Debian's Dovecot, started in the foreground with a private configuration in a temp directory
/// (127.0.0.1, a free port, plain-text login for one user, maildir storage), stopped when disposed.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string User = "reports";
    public const string Password = "imap-test-password";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tlsrpt-dovecot-{Guid.NewGuid():N}");
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public async Task StartAsync()
    {
        var binary = new[] { "/usr/sbin/dovecot", "/usr/local/sbin/dovecot" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Dovecot was not found. Install it with 'apt-get install dovecot-imapd' (the IMAP tests start their own server).");
        var root = Environment.UserName == "root";
        // As root, Dovecot drops to its own system users (from the package); otherwise everything runs as the caller.
        var (internalUser, loginUser, mailUser) = root ? ("dovecot", "dovenull", "dovecot") : (Environment.UserName, Environment.UserName, Environment.UserName);
        Directory.CreateDirectory(Path.Combine(_directory, "home"));
        if (!OperatingSystem.IsWindows())
        {
            // Dovecot's own users must reach the configuration and the mail under it.
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        if (root)
        {
            using var chown = Process.Start("chown", ["-R", $"{mailUser}:{mailUser}", Path.Combine(_directory, "home")]);
            await chown.WaitForExitAsync();
        }

        var config = Path.Combine(_directory, "dovecot.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            base_dir = {{_directory}}/run
            state_dir = {{_directory}}/state
            log_path = {{_directory}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            first_valid_uid = 1
            default_internal_user = {{internalUser}}
            default_login_user = {{loginUser}}
            passdb {
              driver = static
              args = password={{Password}}
            }
            userdb {
              driver = static
              args = uid={{mailUser}} gid={{mailUser}} home={{_directory}}/home/%u
            }
            mail_location = maildir:~/Maildir
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            """));
        _process = Process.Start(new ProcessStartInfo(binary, ["-F", "-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("Could not start Dovecot.");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                var log = Path.Combine(_directory, "dovecot.log");
                throw new InvalidOperationException($"Dovecot did not start: {await _process.StandardError.ReadToEndAsync()} {(File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty)}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
