namespace TlsRptPlatform.Api.Imports;

/// <summary>Examples for the OpenAPI document.</summary>
internal static class ImportExamples
{
    public static readonly object Queued = new
    {
        id = "imp_5f0c2d9b8e7a41c3b2a19d04",
        domain = "example.com",
        fileName = "tlsrpt-2025.mbox",
        format = "mbox",
        status = "queued",
        bytes = 48_213_504,
        processedBytes = 0,
        progress = 0,
        accepted = 0,
        duplicates = 0,
        refused = 0,
        refusals = Array.Empty<object>(),
        error = (string?)null,
        createdAt = "2026-11-30T10:00:00Z",
        startedAt = (string?)null,
        finishedAt = (string?)null,
    };

    public static readonly object Completed = new
    {
        id = "imp_5f0c2d9b8e7a41c3b2a19d04",
        domain = "example.com",
        fileName = "tlsrpt-2025.mbox",
        format = "mbox",
        status = "completed",
        bytes = 48_213_504,
        processedBytes = 48_213_504,
        progress = 1,
        accepted = 2_871,
        duplicates = 12,
        refused = 3,
        refusals = new object[]
        {
            new
            {
                reason = "report-outside-retention",
                count = 2,
                examples = new[] { new { item = "message 14 <2024.01.02T00.00.00Z+example.com@google.com>", detail = "The report starts on 2024-01-02; reports are kept for 400 days (since 2025-10-26). ($.date-range.start-datetime)" } },
            },
            new
            {
                reason = "malformed-report",
                count = 1,
                examples = new[] { new { item = "message 90 <CAF1x@mail.example.com>", detail = "The message carries no TLS report: expected an application/tlsrpt+gzip or application/tlsrpt+json attachment." } },
            },
        },
        error = (string?)null,
        createdAt = "2026-11-30T10:00:00Z",
        startedAt = "2026-11-30T10:00:01Z",
        finishedAt = "2026-11-30T10:00:41Z",
    };
}
