using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MimeKit;
using TlsRptPlatform.Storage.Alerts;

namespace TlsRptPlatform.Grains.Digest;

/// <summary>
/// The digest as a mail: rendered once when it is queued (so every channel and every retry gets the same text) and
/// kept in the alert's details as <c>{"subject","text","html"}</c>. The HTML uses tables and inline styles only — no
/// script, no external images, no style sheet — because that is what common mail clients show as written.
/// </summary>
public static class DigestMessage
{
    public static string Subject(TenantDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return $"[TLS-RPT] Weekly digest {digest.Week.Key}: {digest.TenantName}";
    }

    public static string Details(TenantDigest digest, Uri publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(digest);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("week", digest.Week.Key);
            json.WriteString("from", digest.Week.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("to", digest.Week.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("subject", Subject(digest));
            json.WriteString("text", Text(digest, publicBaseUrl));
            json.WriteString("html", Html(digest, publicBaseUrl));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The mail of a queued digest alert, from the parts rendered when it was queued.</summary>
    public static MimeMessage Email(AlertRecord alert, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var details = JsonDocument.Parse(alert.Details);
        var root = details.RootElement;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = root.GetProperty("subject").GetString() ?? string.Empty;
        message.Headers.Add("X-TlsRpt-Alert-Id", alert.Id);
        message.Headers.Add("X-TlsRpt-Digest-Week", root.GetProperty("week").GetString() ?? string.Empty);
        message.Body = new BodyBuilder { TextBody = root.GetProperty("text").GetString(), HtmlBody = root.GetProperty("html").GetString() }.ToMessageBody();
        return message;
    }

    /// <summary>The dashboard's domain page over the digest's week (the dashboard keeps the range in the URL).</summary>
    public static string DomainLink(Uri publicBaseUrl, string domain, DigestWeek week)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        ArgumentNullException.ThrowIfNull(week);
        return string.Create(CultureInfo.InvariantCulture, $"{publicBaseUrl.AbsoluteUri.TrimEnd('/')}/#/domains/{Uri.EscapeDataString(domain)}?from={week.From:yyyy-MM-dd}&to={week.To:yyyy-MM-dd}");
    }

    private static string Text(TenantDigest digest, Uri publicBaseUrl)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"TLS reports for {digest.TenantName}, {digest.Week.From:yyyy-MM-dd} to {digest.Week.To:yyyy-MM-dd} (UTC), against the week before.").AppendLine().AppendLine();
        if (digest.Domains.Count == 0)
        {
            text.AppendLine("No domains are registered.");
        }

        foreach (var d in digest.Domains)
        {
            text.AppendLine(d.Domain).AppendLine(new string('-', d.Domain.Length));
            text.Append(CultureInfo.InvariantCulture, $"This week: {Sessions(d.Sessions, d.FailedSessions, d.FailureRate)}").AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"Last week: {Sessions(d.PreviousSessions, d.PreviousFailedSessions, d.PreviousFailureRate)}").AppendLine();
            foreach (var f in d.TopFailures)
            {
                text.Append(CultureInfo.InvariantCulture, $"Failure: {f.ResultType} ({f.Sessions:N0} sessions)").AppendLine();
                if (f.Meaning is not null)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  What it means: {f.Meaning}").AppendLine();
                    text.Append(CultureInfo.InvariantCulture, $"  Fix: {f.Fix}").AppendLine();
                }
            }

            List("Policy change", d.PolicyChanges, text);
            List("Certificate", d.Certificates, text);
            List("Silent reporter", d.SilentReporters, text);
            text.Append(CultureInfo.InvariantCulture, $"Dashboard: {DomainLink(publicBaseUrl, d.Domain, digest.Week)}").AppendLine().AppendLine();
        }

        text.AppendLine("You receive this because the tenant turned the weekly digest on (PUT /v1/digest).");
        return text.ToString();
    }

    private static string Html(TenantDigest digest, Uri publicBaseUrl)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(Encode(Subject(digest))).Append("</title></head>")
            .Append("<body style=\"font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;max-width:640px\">")
            .Append(CultureInfo.InvariantCulture, $"<h1 style=\"font-size:20px\">Weekly digest {Encode(digest.Week.Key)}</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>TLS reports for {Encode(digest.TenantName)}, {digest.Week.From:yyyy-MM-dd} to {digest.Week.To:yyyy-MM-dd} (UTC), against the week before.</p>");
        if (digest.Domains.Count == 0)
        {
            html.Append("<p>No domains are registered.</p>");
        }

        foreach (var d in digest.Domains)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2 style=\"font-size:17px;margin-top:24px\">{Encode(d.Domain)}</h2>")
                .Append("<table cellpadding=\"4\" cellspacing=\"0\" border=\"1\" style=\"border-collapse:collapse\">")
                .Append("<tr><th align=\"left\">Week</th><th align=\"right\">Sessions</th><th align=\"right\">Failed</th><th align=\"right\">Failure rate</th></tr>")
                .Append(Row("This week", d.Sessions, d.FailedSessions, d.FailureRate))
                .Append(Row("Last week", d.PreviousSessions, d.PreviousFailedSessions, d.PreviousFailureRate))
                .Append("</table>");
            if (d.TopFailures.Count > 0)
            {
                html.Append("<h3 style=\"font-size:15px\">Top failures</h3><ul>");
                foreach (var f in d.TopFailures)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<li><strong>{Encode(f.ResultType)}</strong> ({f.Sessions:N0} sessions)");
                    if (f.Meaning is not null)
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<br>{Encode(f.Meaning)}<br><em>Fix:</em> {Encode(f.Fix ?? string.Empty)}");
                    }

                    html.Append("</li>");
                }

                html.Append("</ul>");
            }

            HtmlList("Policy changes", d.PolicyChanges, html);
            HtmlList("Certificates", d.Certificates, html);
            HtmlList("Silent reporters", d.SilentReporters, html);
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Encode(DomainLink(publicBaseUrl, d.Domain, digest.Week))}\">Open {Encode(d.Domain)} in the dashboard for this week</a></p>");
        }

        html.Append("<p style=\"color:#555;font-size:12px\">You receive this because the tenant turned the weekly digest on (PUT /v1/digest).</p></body></html>");
        return html.ToString();
    }

    private static string Sessions(long sessions, long failed, double? rate) =>
        string.Create(CultureInfo.InvariantCulture, $"{sessions:N0} sessions, {failed:N0} failed ({Rate(rate)})");

    private static string Row(string label, long sessions, long failed, double? rate) =>
        string.Create(CultureInfo.InvariantCulture, $"<tr><td>{label}</td><td align=\"right\">{sessions:N0}</td><td align=\"right\">{failed:N0}</td><td align=\"right\">{Rate(rate)}</td></tr>");

    private static string Rate(double? rate) => rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:0.##} %") : "no reports";

    private static void List(string label, IReadOnlyList<string> items, StringBuilder text)
    {
        foreach (var item in items)
        {
            text.Append(CultureInfo.InvariantCulture, $"{label}: {item}").AppendLine();
        }
    }

    private static void HtmlList(string heading, IReadOnlyList<string> items, StringBuilder html)
    {
        if (items.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<h3 style=\"font-size:15px\">{heading}</h3><ul>");
        foreach (var item in items)
        {
            html.Append("<li>").Append(Encode(item)).Append("</li>");
        }

        html.Append("</ul>");
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
