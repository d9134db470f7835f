using System.Globalization;
using System.Text;

namespace TlsRptPlatform.Protocol.Policies;

/// <summary>Writes a policy file as RFC 8461 §3.2 describes it; the same text <see cref="MtaStsPolicyParser"/> reads.</summary>
public static class MtaStsPolicyText
{
    /// <summary>
    /// <c>version</c> first, then <c>mode</c>, one <c>mx</c> line per pattern and <c>max_age</c>, each line ending in CRLF
    /// (§3.2: senders must accept LF, but CRLF is what the grammar names).
    /// </summary>
    public static string Render(MtaStsMode mode, IEnumerable<string> mx, long maxAge)
    {
        ArgumentNullException.ThrowIfNull(mx);
        var text = new StringBuilder("version: STSv1\r\n");
        text.Append("mode: ").Append(mode.ToString().ToLowerInvariant()).Append("\r\n");
        foreach (var pattern in mx)
        {
            text.Append("mx: ").Append(pattern).Append("\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"max_age: {maxAge}\r\n");
        return text.ToString();
    }
}
