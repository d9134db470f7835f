using MimeKit;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Tests.Reports;

/// <summary>
/// The report inside every corpus e-mail parses with the same reader and limits as HTTPS bodies. (The SMTP and
/// IMAP ingestion around it is issue #4; this proves the reader side.)
/// </summary>
public class EmailCorpusTests
{
    [Theory]
    [MemberData(nameof(Messages))]
    public void The_report_in_every_corpus_email_parses(string file)
    {
        var limits = new ReportLimits();
        using var stream = File.OpenRead(Path.Combine(Corpus.Directory, file));
        var message = MimeMessage.Load(stream);
        var part = message.BodyParts.OfType<MimePart>().Single(p =>
            p.ContentType.MimeType.StartsWith("application/", StringComparison.OrdinalIgnoreCase));
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);

        var report = TlsReportReader.Parse(ReportBody.ToJson(content.ToArray(), limits), limits);

        Assert.NotEmpty(report.Policies);
        Assert.False(string.IsNullOrWhiteSpace(report.ReportId));
    }

    public static TheoryData<string> Messages()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Corpus.Directory, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Corpus.Directory, file));
        }

        return data;
    }
}
