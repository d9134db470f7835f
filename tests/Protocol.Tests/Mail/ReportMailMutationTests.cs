using System.Diagnostics;
using System.Text;
using MimeKit;
using TlsRptPlatform.Protocol.Mail;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Protocol.Tests.Reports;
using Xunit.Abstractions;

namespace TlsRptPlatform.Protocol.Tests.Mail;

/// <summary>
/// A fuzzer over the corpus e-mails, the way the SMTP and IMAP intake read them: <see cref="MimeMessage.Load(Stream, CancellationToken)"/>,
/// <see cref="ReportMail.Extract"/>, <see cref="TlsReportReader.Parse(ReadOnlyMemory{byte}, ReportLimits)"/>. A mutated mail
/// may be read, or refused with MimeKit's <see cref="FormatException"/> (the intake answers 554) or the platform's own
/// <see cref="ReportFormatException"/> (550); any other exception would become a 451 that the sender retries forever.
/// </summary>
public class ReportMailMutationTests(ITestOutputHelper output)
{
    private const int MutationsPerMail = 300;

    // 50 MiB and one byte of zeros: about 50 KB gzipped, one byte over what a report may inflate to.
    private static readonly Lazy<byte[]> Bomb = new(() => MailMutator.Gzip(new byte[ReportLimits.DefaultMaxDecompressedBytes + 1]));

    [Theory]
    [MemberData(nameof(EmailCorpusTests.Messages), MemberType = typeof(EmailCorpusTests))]
    public void Randomly_mutated_report_mails_are_read_or_refused_with_a_format_error(string file) =>
        Fuzz(file, seed: 1, (mutator, original) => mutator.MutateBytes(original));

    [Theory]
    [MemberData(nameof(EmailCorpusTests.Messages), MemberType = typeof(EmailCorpusTests))]
    public void Structurally_mutated_report_mails_are_read_or_refused_with_a_format_error(string file) =>
        Fuzz(file, seed: 2, (mutator, original) => mutator.MutateStructure(original));

    [Fact]
    public void A_gzip_bomb_in_a_part_is_refused_as_too_large_wherever_it_sits()
    {
        var bomb = Bomb.Value;
        var single = Mail(Part("application/tlsrpt+gzip", bomb));
        var mislabelled = Mail(Part("application/json", bomb, "report.json"));
        var nested = Mail(new Multipart("mixed") { new Multipart("mixed") { new MultipartReport("tlsrpt") { Part("application/gzip", bomb) } } });
        var behindGoodReports = Mail([.. Enumerable.Repeat(0, 5).Select(_ => Part("application/tlsrpt+gzip", GoodReportGzip())), Part("application/tlsrpt+gzip", bomb)]);

        Assert.All([single, mislabelled, nested, behindGoodReports], mail => Assert.Equal(ReportErrorKind.TooLarge, Refusal(mail)));
    }

    [Fact]
    public void More_than_twenty_report_parts_are_refused_before_any_is_inflated()
    {
        var bomb = Bomb.Value;
        var twentyGood = Mail([.. Enumerable.Repeat(0, ReportMail.MaxReportsPerMessage).Select(_ => Part("application/tlsrpt+gzip", GoodReportGzip()))]);
        var twentyOneBombs = Mail([.. Enumerable.Repeat(0, ReportMail.MaxReportsPerMessage + 1).Select(_ => Part("application/tlsrpt+gzip", bomb))]);

        var clock = Stopwatch.StartNew();
        var refusal = Refusal(twentyOneBombs);
        clock.Stop();

        Assert.Equal(ReportMail.MaxReportsPerMessage, ReportMail.Extract(Load(twentyGood), new ReportLimits()).Count);
        Assert.Equal(ReportErrorKind.TooLarge, refusal);
        // 21 inflations to the limit would take seconds; refusing on the count alone takes milliseconds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refusing 21 parts took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    [InlineData(5_000)]
    public void Deeply_nested_multiparts_are_read_or_refused_without_crashing(int depth)
    {
        // Written as text: MimeKit's parser, not our object model, decides how deep it follows.
        var text = new StringBuilder("From: a@sender.example\r\nTo: t@reports.example.net\r\nSubject: deep\r\nMIME-Version: 1.0\r\n");
        for (var level = 0; level < depth; level++)
        {
            text.Append(CultureInfoInvariant($"Content-Type: multipart/mixed; boundary=\"b{level}\"\r\n\r\n--b{level}\r\n"));
        }

        text.Append("Content-Type: application/tlsrpt+gzip\r\nContent-Transfer-Encoding: base64\r\n\r\n")
            .Append(Convert.ToBase64String(GoodReportGzip(), Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        for (var level = depth - 1; level >= 0; level--)
        {
            text.Append(CultureInfoInvariant($"--b{level}--\r\n"));
        }

        var outcome = Outcome(Encoding.ASCII.GetBytes(text.ToString()));

        Assert.True(outcome is "ok" or "format" or "load-format", outcome);
    }

    private void Fuzz(string file, int seed, Func<MailMutator, byte[], byte[]> mutate)
    {
        var original = File.ReadAllBytes(Path.Combine(Corpus.Directory, file));
        // A stable seed per file (string.GetHashCode differs from run to run), so that a failure replays.
        var random = new Random(file.Aggregate(seed * 8460, (hash, c) => unchecked((hash * 31) + c)));
        var mutator = new MailMutator(random);
        var outcomes = new Dictionary<string, int>();
        var failures = new List<string>();
        for (var i = 0; i < MutationsPerMail; i++)
        {
            var mutated = mutate(mutator, original);
            var outcome = Outcome(mutated);
            var kind = outcome is "ok" or "format" or "load-format" ? outcome : "failure";
            outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
            if (kind == "failure")
            {
                failures.Add($"mutation {i}: {outcome}");
            }
        }

        output.WriteLine($"{file}: {string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))}");

        Assert.True(failures.Count == 0, $"{file}: {failures.Count} unexpected exceptions, first: {string.Join(" | ", failures.Take(3))}");
        Assert.True(outcomes.GetValueOrDefault("format") > 0, $"{file}: mutations must actually break some reports ({string.Join(", ", outcomes)})");
    }

    /// <summary>What the intake would make of the bytes: <c>ok</c>, <c>format</c> (550), <c>load-format</c> (554), or the unexpected exception.</summary>
    private static string Outcome(byte[] raw)
    {
        MimeMessage message;
        try
        {
            message = MimeMessage.Load(new MemoryStream(raw));
        }
        catch (FormatException)
        {
            return "load-format";
        }

        using (message)
        {
            try
            {
                var limits = new ReportLimits();
                foreach (var json in ReportMail.Extract(message, limits))
                {
                    TlsReportReader.Parse(json, limits);
                }

                return "ok";
            }
            catch (ReportFormatException)
            {
                return "format";
            }
            catch (Exception ex)
            {
                return $"{ex.GetType().Name}: {ex.Message} at {ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}";
            }
        }
    }

    private static ReportErrorKind? Refusal(MimeMessage message)
    {
        try
        {
            ReportMail.Extract(message, new ReportLimits());
            return null;
        }
        catch (ReportFormatException ex)
        {
            return ex.Kind;
        }
    }

    private static byte[] GoodReportGzip() => MailMutator.Gzip(Corpus.Read(Path.Combine("parsedmarc", "rfc8460.json")));

    private static MimePart Part(string type, byte[] content, string fileName = "report.json.gz") =>
        new(ContentType.Parse(type)) { Content = new MimeContent(new MemoryStream(content)), ContentTransferEncoding = ContentEncoding.Base64, FileName = fileName };

    private static MimeMessage Mail(params MimeEntity[] parts)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("noreply@sender.example"));
        message.To.Add(MailboxAddress.Parse("token@reports.example.net"));
        message.Subject = "Report";
        var report = new MultipartReport("tlsrpt") { new TextPart("plain") { Text = "A TLS report." } };
        foreach (var part in parts)
        {
            report.Add(part);
        }

        message.Body = parts is [Multipart only] ? only : report;
        return Load(message);
    }

    /// <summary>A message as the intake sees it: written out and parsed again.</summary>
    private static MimeMessage Load(MimeMessage message)
    {
        using var output = new MemoryStream();
        message.WriteTo(output);
        output.Position = 0;
        return MimeMessage.Load(output);
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
