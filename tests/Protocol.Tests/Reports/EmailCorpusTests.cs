using MimeKit;
using TlsRptPlatform.Protocol.Mail;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Tests.Reports;

/// <summary>The report mail extractor finds the report in every corpus e-mail, and it parses with the HTTPS limits.</summary>
public class EmailCorpusTests
{
    [Theory]
    [MemberData(nameof(Messages))]
    public void The_report_in_every_corpus_email_parses(string file)
    {
        var limits = new ReportLimits();
        using var stream = File.OpenRead(Path.Combine(Corpus.Directory, file));
        using var message = MimeMessage.Load(stream);

        var json = Assert.Single(ReportMail.Extract(message, limits));
        var report = TlsReportReader.Parse(json, limits);

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
