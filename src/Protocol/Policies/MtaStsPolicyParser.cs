using System.Globalization;
using System.Text;
using TlsRptPlatform.Protocol.Text;

namespace TlsRptPlatform.Protocol.Policies;

/// <summary>RFC 8461 §3.2: the policy file served at <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>.</summary>
public static class MtaStsPolicyParser
{
    /// <summary>§3.3: senders may refuse larger policy bodies; so do we.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>§3.2: max_age is at most 31557600 seconds (about a year).</summary>
    public const long MaxAgeLimit = 31_557_600;

    public static bool TryParse(ReadOnlySpan<byte> body, out MtaStsPolicy? policy, out IReadOnlyList<string> problems)
    {
        if (body.Length > MaxBytes)
        {
            policy = null;
            problems = [$"The policy is larger than {MaxBytes} bytes."];
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            policy = null;
            problems = ["The policy is not UTF-8 text."];
            return false;
        }

        return TryParse(text, out policy, out problems);
    }

    public static bool TryParse(string text, out MtaStsPolicy? policy, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        policy = null;
        var found = new List<string>();
        // Lines end in CRLF; LF alone is accepted as senders do.
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        var fields = new List<(string Key, string Value)>();
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                found.Add($"'{Shorten(line)}' is not a 'key: value' line.");
                continue;
            }

            fields.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        if (fields.Count == 0 || fields[0] != ("version", "STSv1"))
        {
            found.Add("The first line must be 'version: STSv1'.");
        }

        var mode = Single(fields, "mode", found);
        MtaStsMode? parsedMode = mode switch
        {
            "enforce" => MtaStsMode.Enforce,
            "testing" => MtaStsMode.Testing,
            "none" => MtaStsMode.None,
            _ => null,
        };
        if (mode is not null && parsedMode is null)
        {
            found.Add($"mode must be enforce, testing or none, not '{mode}'.");
        }

        var maxAge = Single(fields, "max_age", found);
        long seconds = 0;
        if (maxAge is not null && (!long.TryParse(maxAge, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds > MaxAgeLimit))
        {
            found.Add($"max_age must be a whole number of seconds from 0 to {MaxAgeLimit}, not '{maxAge}'.");
        }

        var mx = fields.Where(f => f.Key == "mx").Select(f => f.Value).ToList();
        if (mx.Count == 0 && mode is not "none")
        {
            found.Add("The policy lists no mx patterns, so no MX host can match it.");
        }

        foreach (var pattern in mx.Where(p => !IsPattern(p)))
        {
            found.Add($"'{Shorten(pattern)}' is not a host name or a '*.' wildcard pattern.");
        }

        problems = found;
        if (found.Count > 0)
        {
            return false;
        }

        policy = new MtaStsPolicy(parsedMode!.Value, mx, TimeSpan.FromSeconds(seconds));
        return true;
    }

    private static string? Single(List<(string Key, string Value)> fields, string key, List<string> problems)
    {
        var values = fields.Where(f => f.Key == key).Select(f => f.Value).ToList();
        switch (values.Count)
        {
            case 0:
                problems.Add($"The policy has no {key}.");
                return null;
            case > 1:
                problems.Add($"The policy has {values.Count} {key} lines.");
                return null;
            default:
                return values[0];
        }
    }

    private static bool IsPattern(string pattern)
    {
        var host = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        var labels = host.TrimEnd('.').Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-'
            && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    private static string Shorten(string text) => Excerpt.Of(text, 65);
}
