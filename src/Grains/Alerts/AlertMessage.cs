using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MimeKit;
using TlsRptPlatform.Storage.Alerts;

namespace TlsRptPlatform.Grains.Alerts;

/// <summary>What an alert looks like on the wire: the webhook's JSON body and the e-mail's text and HTML parts.</summary>
public static class AlertMessage
{
    public static byte[] WebhookBody(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", alert.Id);
            json.WriteString("kind", alert.Kind);
            json.WriteString("tenant", alert.TenantId);
            json.WriteString("domain", alert.Domain);
            json.WriteString("occurredAt", alert.OccurredAt.UtcDateTime);
            json.WriteString("summary", alert.Summary);
            json.WritePropertyName("details");
            json.WriteRawValue(alert.Details);
            json.WriteString("ruleId", alert.RuleId);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static MimeMessage Email(AlertRecord alert, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var facts = Facts(alert).ToList();
        var text = new StringBuilder()
            .AppendLine(alert.Summary)
            .AppendLine();
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body><p>").Append(WebUtility.HtmlEncode(alert.Summary)).Append("</p><table>");
        foreach (var (name, value) in facts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}").AppendLine();
            html.Append("<tr><th align=\"left\">").Append(WebUtility.HtmlEncode(name)).Append("</th><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        }

        html.Append("</table></body></html>");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"[TLS-RPT] {alert.Kind}: {alert.Domain ?? "all domains"}";
        message.Headers.Add("X-TlsRpt-Alert-Id", alert.Id);
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    /// <summary>The alert's numbers as name/value pairs: kind, domain, time, then every detail (nested ones flattened).</summary>
    public static IEnumerable<(string Name, string Value)> Facts(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        yield return ("kind", alert.Kind);
        if (alert.Domain is not null)
        {
            yield return ("domain", alert.Domain);
        }

        yield return ("occurredAt", alert.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        using var details = JsonDocument.Parse(alert.Details);
        foreach (var fact in Flatten(string.Empty, details.RootElement))
        {
            yield return fact;
        }
    }

    private static IEnumerable<(string, string)> Flatten(string prefix, JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Flatten(prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}", p.Value)).ToList(),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Flatten($"{prefix}[{i}]", e)).ToList(),
        JsonValueKind.String => [(prefix, element.GetString() ?? string.Empty)],
        JsonValueKind.Null => [(prefix, "(none)")],
        _ => [(prefix, element.GetRawText())],
    };
}
