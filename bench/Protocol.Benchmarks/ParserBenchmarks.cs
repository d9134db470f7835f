using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Benchmarks;

/// <summary>
/// The report reader against a bare <see cref="Utf8JsonReader"/> pass over the same bytes (the floor any JSON
/// reader has to pay), for a typical small report and a large sender's report with many failure details.
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private static readonly ReportLimits Limits = new();
    private byte[] _json = [];

    [Params("typical", "10k-details")]
    public string Report { get; set; } = "typical";

    [GlobalSetup]
    public void Setup() => _json = Report == "typical" ? Typical() : Large(10_000);

    [Benchmark(Baseline = true)]
    public int Utf8JsonReaderPass()
    {
        var reader = new Utf8JsonReader(_json, new JsonReaderOptions { MaxDepth = 64 });
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark]
    public TlsReport Parse() => TlsReportReader.Parse(_json, Limits);

    [Benchmark]
    public ReportContribution ParseAndAggregate() => ReportAggregator.Compute(TlsReportReader.Parse(_json, Limits));

    internal static byte[] Typical() => Encoding.UTF8.GetBytes("""
        {"organization-name":"Google Inc.","date-range":{"start-datetime":"2024-03-01T00:00:00Z","end-datetime":"2024-03-01T23:59:59Z"},
         "contact-info":"smtp-tls-reporting@google.com","report-id":"2024-03-01T00:00:00Z_example.com",
         "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: enforce","mx: mx1.example.com","mx: mx2.example.com","max_age: 604800"],
           "policy-domain":"example.com","mx-host":["mx1.example.com","mx2.example.com"]},
           "summary":{"total-successful-session-count":1523,"total-failure-session-count":4},
           "failure-details":[{"result-type":"certificate-expired","sending-mta-ip":"209.85.220.41","receiving-mx-hostname":"mx2.example.com","receiving-ip":"192.0.2.25","failed-session-count":3},
                              {"result-type":"starttls-not-supported","sending-mta-ip":"209.85.220.42","receiving-mx-hostname":"mx1.example.com","failed-session-count":1}]}]}
        """);

    internal static byte[] Large(int details)
    {
        var builder = new StringBuilder("""
            {"organization-name":"Microsoft Corporation","date-range":{"start-datetime":"2024-03-01T00:00:00Z","end-datetime":"2024-03-01T23:59:59Z"},
             "contact-info":"tlsrpt-noreply@microsoft.com","report-id":"133944884956529435+example.com",
             "policies":[{"policy":{"policy-type":"sts","policy-domain":"example.com","mx-host":["*.example.com"]},
               "summary":{"total-successful-session-count":9000000,"total-failure-session-count":
            """);
        builder.Append(details).Append("},\"failure-details\":[");
        for (var i = 0; i < details; i++)
        {
            builder.Append(i == 0 ? "" : ",")
                .Append("{\"result-type\":\"validation-failure\",\"sending-mta-ip\":\"10.")
                .Append(i / 65536).Append('.').Append(i / 256 % 256).Append('.').Append(i % 256)
                .Append("\",\"receiving-mx-hostname\":\"mx").Append(i % 4).Append(".example.com\",\"failed-session-count\":1,\"failure-reason-code\":\"X509_V_ERR\"}");
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}]}").ToString());
    }
}
