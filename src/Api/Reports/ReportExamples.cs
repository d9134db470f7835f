using System.Text.Json.Nodes;

namespace TlsRptPlatform.Api.Reports;

/// <summary>Example bodies for the OpenAPI document.</summary>
internal static class ReportExamples
{
    // RFC 8460 §4.4, in the shape Google sends it.
    public static readonly JsonNode Report = JsonNode.Parse("""
        {
          "organization-name": "Google Inc.",
          "date-range": { "start-datetime": "2026-11-28T00:00:00Z", "end-datetime": "2026-11-28T23:59:59Z" },
          "contact-info": "smtp-tls-reporting@google.com",
          "report-id": "2026-11-28T00:00:00Z_example.com",
          "policies": [{
            "policy": {
              "policy-type": "sts",
              "policy-string": ["version: STSv1", "mode: enforce", "mx: mx1.example.com", "max_age: 604800"],
              "policy-domain": "example.com",
              "mx-host": ["mx1.example.com"]
            },
            "summary": { "total-successful-session-count": 5326, "total-failure-session-count": 3 },
            "failure-details": [{
              "result-type": "certificate-expired",
              "sending-mta-ip": "209.85.220.41",
              "receiving-mx-hostname": "mx1.example.com",
              "failed-session-count": 3
            }]
          }]
        }
        """)!;

    public static readonly IngestResponse Accepted = new("accepted", 4711, "example.com");

    public static readonly IngestResponse Duplicate = new("duplicate", 4711, "example.com");
}
