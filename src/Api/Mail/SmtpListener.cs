using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Api.Ingestion;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// The SMTP listener for <c>rua=mailto:</c> reports (the SmtpServer library): RCPT only for report addresses, SIZE
/// and a hard cap on message size, connection caps overall and per client, STARTTLS (TLS 1.2 and 1.3) when a
/// certificate is configured, command and session time-outs.
/// </summary>
internal sealed partial class SmtpListener(
    IOptions<SmtpOptions> options, ReportRecipients recipients, ReportMailStore store, IngestionBudget budget, ILogger<SmtpListener> logger) : BackgroundService
{
    private TcpListener? _socket;

    /// <summary>Binds the port before the host reports itself started, so "started" means senders can connect.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.ListenPort != 0)
        {
            _socket = new TcpListener(IPAddress.Parse(settings.ListenAddress), settings.ListenPort);
            _socket.Start();
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_socket is null)
        {
            return;
        }

        var settings = options.Value;
        var certificate = LoadCertificate(settings);
        var endpoint = (IPEndPoint)_socket.LocalEndpoint;
        var server = new SmtpServer.SmtpServer(
            new SmtpServerOptionsBuilder()
                .ServerName(settings.ReportDomain)
                .MaxMessageSize(settings.MaxMessageBytes)
                .CommandWaitTimeout(settings.CommandTimeout)
                .MaxRetryCount(3)
                .Endpoint(e =>
                {
                    // The library offers only TLS 1.2 unless told otherwise; OpenSSL 3 senders (Postfix, Exim) prefer 1.3.
                    e.Endpoint(endpoint).SessionTimeout(settings.SessionTimeout).SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13);
                    if (certificate is not null)
                    {
                        e.Certificate(certificate);
                    }
                })
                .Build(),
            Services(settings, _socket));
        LogListening(logger, endpoint, certificate is not null);
        try
        {
            await server.StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            certificate?.Dispose();
        }
    }

    private SmtpServer.ComponentModel.ServiceProvider Services(SmtpOptions settings, TcpListener socket)
    {
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(recipients);
        services.Add(store);
        services.Add(new DeclaredSizeCheck(settings.MaxMessageBytes));
        // The buffered bytes of one message may exceed its size a little (dot-stuffing, the terminator).
        services.Add(new BoundedSessions(new ConnectionQuota(settings.MaxConnections, settings.MaxConnectionsPerAddress, settings.MaxBufferedBytesPerAddress), settings.MaxMessageBytes + (64 * 1024), budget, socket));
        return services;
    }

    private static X509Certificate2? LoadCertificate(SmtpOptions settings)
    {
        var path = settings.CertificatePath;
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        return path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
            ? X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword)
            : X509Certificate2.CreateFromPemFile(path, settings.CertificateKeyPath);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP listener for report mail on {Endpoint} (STARTTLS: {StartTls})")]
    private static partial void LogListening(ILogger logger, IPEndPoint endpoint, bool startTls);
}
