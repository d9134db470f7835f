using System.Globalization;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// main.cf and master.cf of a private Postfix instance that relays all mail to one host, the way a report sender's
/// MTA reaches a domain's MX: STARTTLS required and the certificate verified against <see cref="CaFile"/> and
/// <see cref="RelayName"/>, retries within seconds instead of minutes.
/// </summary>
/// <param name="Directory">Holds the instance: <c>etc</c> (configuration), <c>spool</c> (queue), <c>lib</c> (data), <c>maillog</c>.</param>
/// <param name="Port">Where its own smtpd takes submissions (127.0.0.1).</param>
/// <param name="RelayPort">The relay host's port on 127.0.0.1.</param>
/// <param name="CaFile">PEM of the CA that issued the relay host's certificate.</param>
/// <param name="RelayName">The DNS name the relay host's certificate must carry.</param>
public sealed record PostfixConfiguration(string Directory, int Port, int RelayPort, string CaFile, string RelayName)
{
    /// <summary>The relay's own mail domain: its bounce notices go there and are discarded (no one reads them in a test).</summary>
    public const string SenderDomain = "sender.example";

    public string ConfigDirectory => Path.Combine(Directory, "etc");

    public string QueueDirectory => Path.Combine(Directory, "spool");

    public string DataDirectory => Path.Combine(Directory, "lib");

    public string LogFile => Path.Combine(Directory, "maillog");

    public string MainCf => string.Create(CultureInfo.InvariantCulture, $$"""
        compatibility_level = 3.6
        queue_directory = {{QueueDirectory}}
        data_directory = {{DataDirectory}}
        # As root the master drops its daemons to the package's system user and group.
        mail_owner = postfix
        setgid_group = postdrop
        myhostname = relay.{{SenderDomain}}
        mydomain = {{SenderDomain}}
        myorigin = {{SenderDomain}}
        mydestination =
        local_recipient_maps =
        alias_maps =
        alias_database =
        inet_interfaces = 127.0.0.1
        inet_protocols = ipv4
        mynetworks = 127.0.0.0/8
        smtp_dns_support_level = disabled
        relayhost = [127.0.0.1]:{{RelayPort}}
        transport_maps = inline:{{{SenderDomain}}=discard:}
        # No syslog in a container: postlogd writes the log to a file the tests read.
        maillog_file = {{LogFile}}
        maillog_file_prefixes = {{Directory}}
        # "secure": STARTTLS or no delivery, a chain to this CA, and this name in the certificate.
        smtp_tls_security_level = secure
        smtp_tls_CAfile = {{CaFile}}
        smtp_tls_secure_cert_match = {{RelayName}}
        smtp_tls_loglevel = 1
        # Retry deferred mail within seconds (defaults: 300s, 300s, 4000s).
        queue_run_delay = 1s
        minimal_backoff_time = 1s
        maximal_backoff_time = 2s
        smtp_connect_timeout = 5s
        bounce_queue_lifetime = 1m
        delay_warning_time = 0h
        """);

    /// <summary>Only the services a relay needs, none chrooted (the instance has no chroot tree).</summary>
    public string MasterCf => string.Create(CultureInfo.InvariantCulture, $$"""
        127.0.0.1:{{Port}} inet n - n - - smtpd
        pickup    unix  n - n 60    1 pickup
        cleanup   unix  n - n -     0 cleanup
        qmgr      unix  n - n 300   1 qmgr
        tlsmgr    unix  - - n 1000? 1 tlsmgr
        rewrite   unix  - - n -     - trivial-rewrite
        bounce    unix  - - n -     0 bounce
        defer     unix  - - n -     0 bounce
        trace     unix  - - n -     0 bounce
        verify    unix  - - n -     1 verify
        flush     unix  n - n 1000? 0 flush
        proxymap  unix  - - n -     - proxymap
        smtp      unix  - - n -     - smtp
        relay     unix  - - n -     - smtp
        showq     unix  n - n -     - showq
        error     unix  - - n -     - error
        retry     unix  - - n -     - error
        discard   unix  - - n -     - discard
        anvil     unix  - - n -     1 anvil
        scache    unix  - - n -     1 scache
        postlog   unix-dgram n - n - 1 postlogd

        """);
}
