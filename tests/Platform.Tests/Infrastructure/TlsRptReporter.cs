using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// sys4's tlsrpt-reporter, the reporting half of Postfix 3.10+, run from its vendored source
/// (<c>../shared/vendor/tlsrpt-reporter</c> beside the checkout) as outside processes in a private directory:
/// <c>tlsrpt-collectd</c> on a unix datagram socket, and <c>tlsrpt-reportd</c> runs that fetch the finished day
/// through <c>tlsrpt-fetcher</c>, render the reports and deliver them — by <c>mailto:</c> through a stand-in for
/// sendmail to the platform's SMTP listener (STARTTLS), by <c>https:</c> through curl — both trusting the test CA.
/// All of them run on one <see cref="FakeClock"/>; the delivery tools run on the real clock.
/// </summary>
public sealed class TlsRptReporter : IAsyncDisposable
{
    public const string OrganizationName = "TlsRptPlatform real-reporter test";
    public const string ContactInfo = "tlsrpt-reports@sender.example";

    // Stands in for Postfix's sendmail(1), which tests do not have: hands the message tlsrpt-reportd writes to its
    // stdin to the platform's SMTP listener over STARTTLS verified against the test CA, and logs the reply to DATA.
    private const string SendmailScript = """
        import email, smtplib, ssl, sys
        host, port, cafile, log = sys.argv[1:5]
        message = sys.stdin.buffer.read()
        headers = email.message_from_bytes(message)
        with smtplib.SMTP(host, int(port), timeout=20) as smtp:
            smtp.starttls(context=ssl.create_default_context(cafile=cafile))
            code, reply = smtp.mail(headers["From"])
            if code == 250:
                code, reply = smtp.rcpt(headers["To"])
            if code == 250:
                code, reply = smtp.data(message)
        with open(log, "a") as out:
            out.write(f"{headers['To']} {code} {reply.decode()}\n")
        sys.exit(0 if code == 250 else 1)
        """;

    private readonly string _directory;
    private readonly string _caFile;
    private readonly int _smtpPort;
    private readonly List<LoggedProcess> _processes = [];

    public TlsRptReporter(string caFile, int smtpPort)
    {
        // Everything it needs is checked before anything starts.
        _ = (SourceDirectory, Python, Curl);
        _directory = Directory.CreateTempSubdirectory("tlsrpt-reporter-").FullName;
        _caFile = caFile;
        _smtpPort = smtpPort;
        Clock = new FakeClock(_directory);
        WriteEntryPoints();
        File.WriteAllText(SendmailScriptFile, SendmailScript);
        File.WriteAllText(FetcherConfig, $"""
            [tlsrpt_fetcher]
            storage = sqlite://{CollectdDatabase}
            log_level = debug
            """);
    }

    public FakeClock Clock { get; }

    // Lazy rather than static initializers, so that what is missing fails with its own message.
    private static readonly Lazy<string> Source = new(LocateSource);
    private static readonly Lazy<string> PythonPath = new(() => RequireProgram("python3", "python3"));
    private static readonly Lazy<string> CurlPath = new(() => RequireProgram("curl", "curl"));

    /// <summary>The vendored source (the folder holding <c>tlsrpt_reporter/</c>).</summary>
    public static string SourceDirectory => Source.Value;

    private static string Python => PythonPath.Value;

    private static string Curl => CurlPath.Value;

    private string SocketPath => Path.Combine(_directory, "collectd.socket");

    private string CollectdDatabase => Path.Combine(_directory, "collectd.sqlite");

    private string FetcherConfig => Path.Combine(_directory, "fetcher.cfg");

    private string SendmailScriptFile => Path.Combine(_directory, "sendmail.py");

    private string SitePackages => Path.Combine(_directory, "site");

    private string SmtpRepliesFile => Path.Combine(_directory, "smtp-replies.log");

    private string HttpsRepliesFile => Path.Combine(_directory, "https-replies.log");

    /// <summary>Each mailed report's line: recipient, reply code and the platform's reply to DATA.</summary>
    public IReadOnlyList<string> SmtpReplies => File.Exists(SmtpRepliesFile) ? File.ReadAllLines(SmtpRepliesFile) : [];

    /// <summary>Each uploaded report's line: the platform's answer body and the HTTP status.</summary>
    public IReadOnlyList<string> HttpsReplies => File.Exists(HttpsRepliesFile) ? File.ReadAllLines(HttpsRepliesFile) : [];

    public LoggedProcess Collectd { get; private set; } = null!;

    public async Task StartCollectdAsync()
    {
        var config = Path.Combine(_directory, "collectd.cfg");
        await File.WriteAllTextAsync(config, $"""
            [tlsrpt_collectd]
            storage = sqlite://{CollectdDatabase}
            socketname = {SocketPath}
            sockettimeout = 1
            log_level = debug
            """);
        Collectd = Start("tlsrpt_reporter.tlsrpt_collectd", config);
        await Collectd.WaitForLineAsync(l => l.Contains("Listening on socket", StringComparison.Ordinal), "tlsrpt-collectd listening");
        await Eventually.TrueAsync(() => File.Exists(SocketPath), what: "the collectd socket");
    }

    /// <summary>Sends a datagram as libtlsrpt does (unix datagram socket; it blocks rather than drops when the queue is full).</summary>
    public void Send(TlsRptDatagram datagram)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.SendTo(datagram.ToBytes(), new UnixDomainSocketEndPoint(SocketPath));
    }

    /// <summary>Waits until collectd has committed <paramref name="count"/> datagrams in all (it logs the total).</summary>
    public Task CollectedAsync(int count) =>
        Collectd.WaitForLineAsync(l => l.Contains($"({count} total)", StringComparison.Ordinal), $"tlsrpt-collectd committing {count} datagrams");

    /// <summary>Waits for collectd's midnight rollover: the day's database becomes "yesterday", which reportd fetches.</summary>
    public Task RolledOverAsync() =>
        Collectd.WaitForAsync(
            // Its start-up moves an empty database the same way; the midnight one is announced without "FOR …".
            () => Collectd.Lines
                .SkipWhile(l => !l.EndsWith("Performing Midnight UTC database rollover", StringComparison.Ordinal))
                .Any(l => l.Contains("Old database moved to", StringComparison.Ordinal)),
            "tlsrpt-collectd's midnight rollover");

    /// <summary>
    /// Starts a tlsrpt-reportd with its own state, which on its first round fetches yesterday (by its clock) from
    /// collectd, renders one report per domain and delivers it at once (delivery spread over 1 second).
    /// Without <paramref name="recordMap"/> it also keeps a copy of every rendered report (<see cref="RenderedReport"/>);
    /// with it, the reports of each listed domain go to the given destinations instead of the record's (reportd's
    /// <c>tlsrpt_record_map</c>, which it does not allow together with the copies).
    /// </summary>
    public LoggedProcess StartReportd(string run, IReadOnlyDictionary<string, string>? recordMap = null)
    {
        var state = Directory.CreateDirectory(Path.Combine(_directory, run)).FullName;
        var destinations = $"debug_send_file_dest = {state}";
        if (recordMap is not null)
        {
            var map = Path.Combine(state, "tlsrpt-record.map");
            File.WriteAllLines(map, recordMap.Select(e => $"{e.Key} REPLACE {e.Value}"));
            destinations = $"tlsrpt_record_map = {map}";
        }

        // The delivery tools leave libfaketime behind: certificates are checked against the real time.
        var sendmail = $"env -u LD_PRELOAD {Python} {SendmailScriptFile} 127.0.0.1 {_smtpPort} {_caFile} {SmtpRepliesFile}";
        var http = $"env -u LD_PRELOAD {Curl} --silent --show-error --fail-with-body --cacert {_caFile} "
            + $"--header 'Content-Type: application/tlsrpt+gzip' --data-binary @- --write-out ' %{{http_code}}\\n' >> {HttpsRepliesFile}";
        var config = Path.Combine(state, "reportd.cfg");
        File.WriteAllText(config, $"""
            [tlsrpt_reportd]
            organization_name = {OrganizationName}
            contact_info = {ContactInfo}
            sender_address = {ContactInfo}
            dbname = {Path.Combine(state, "reportd.sqlite")}
            log_level = debug
            fetchers = {Python} -m tlsrpt_reporter.tlsrpt_fetcher --config_file {FetcherConfig}
            sendmail_script = {sendmail.Replace("%", "%%", StringComparison.Ordinal)}
            http_script = {http.Replace("%", "%%", StringComparison.Ordinal)}
            {destinations}
            spread_out_delivery = 1
            interval_main_loop = 2
            min_wait_domainlist = 0
            max_wait_domainlist = 1
            min_wait_domaindetails = 0
            max_wait_domaindetails = 1
            min_wait_delivery = 0
            max_wait_delivery = 1
            """);
        return Start("tlsrpt_reporter.tlsrpt_reportd", config);
    }

    /// <summary>The report JSON a reportd run rendered for a domain, as it kept it before compressing and sending it.</summary>
    public byte[] RenderedReport(string run, string domain)
    {
        var copies = Directory.EnumerateFiles(Path.Combine(_directory, run), $"testreport-{domain}-*.json")
            .Where(f => !Path.GetFileName(f).Contains("THE_EMAIL_TO_", StringComparison.Ordinal))
            .ToList();
        return File.ReadAllBytes(Assert.Single(copies));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private LoggedProcess Start(string module, string config)
    {
        var start = new ProcessStartInfo(Python, ["-m", module, "--config_file", config]) { WorkingDirectory = _directory };
        start.Environment["PYTHONPATH"] = SourceDirectory + Path.PathSeparator + SitePackages;
        // The vendored source is shared: leave no __pycache__ in it.
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var (key, value) in Clock.Environment)
        {
            start.Environment[key] = value;
        }

        var process = LoggedProcess.Start(start);
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// collectd finds its storage (<c>sqlite:</c>) through the package's entry points, which Python reads from an
    /// installed distribution's metadata; this is that metadata, as <c>pip install</c> would write it, for the source.
    /// </summary>
    private void WriteEntryPoints()
    {
        var distInfo = Directory.CreateDirectory(Path.Combine(SitePackages, "tlsrpt_reporter-0.dist-info")).FullName;
        File.WriteAllText(Path.Combine(distInfo, "METADATA"), "Metadata-Version: 2.1\nName: tlsrpt_reporter\nVersion: 0\n");
        File.WriteAllText(Path.Combine(distInfo, "entry_points.txt"), """
            [tlsrpt.collectd]
            sqlite = tlsrpt_reporter.tlsrpt:TLSRPTCollectdSQLite

            [tlsrpt.fetcher]
            sqlite = tlsrpt_reporter.tlsrpt:TLSRPTFetcherSQLite
            """, Encoding.ASCII);
    }

    private static string LocateSource()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TlsRptPlatform.sln")))
            {
                var source = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "vendor", "tlsrpt-reporter"));
                return File.Exists(Path.Combine(source, "tlsrpt_reporter", "tlsrpt.py"))
                    ? source
                    : throw new DirectoryNotFoundException($"sys4's tlsrpt-reporter is expected at {source} (../shared/vendor/tlsrpt-reporter beside the checkout).");
            }
        }

        throw new DirectoryNotFoundException("TlsRptPlatform.sln not found above the test directory.");
    }

    private static string RequireProgram(string name, string package) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} was not found on PATH. Install it with 'apt-get install {package}' (tools/test-prerequisites.sh does).");
}
