using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using TlsRptPlatform.Protocol.Text;

namespace TlsRptPlatform.Protocol.Domains;

/// <summary>Normalises mail domain names to the form the platform keys everything by: lower-case A-labels, no trailing dot.</summary>
public static class DomainName
{
    private const int MaxLength = 253;
    private const int MaxLabelLength = 63;
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var text = input?.Trim() ?? string.Empty;
        if (text.EndsWith('.'))
        {
            text = text[..^1];
        }

        if (text.Length == 0)
        {
            error = "The domain name is empty.";
            return false;
        }

        string ascii;
        try
        {
            // RFC 5890: internationalised names are stored as A-labels (punycode).
            ascii = Idn.GetAscii(text).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            error = $"'{Shorten(text)}' is not a valid domain name.";
            return false;
        }

        if (ascii.Length > MaxLength)
        {
            error = $"A domain name has at most {MaxLength} characters.";
            return false;
        }

        var labels = ascii.Split('.');
        if (labels.Length < 2)
        {
            error = "A mail domain has at least two labels, such as example.com.";
            return false;
        }

        foreach (var label in labels)
        {
            if (!IsHostLabel(label))
            {
                error = $"'{Shorten(label)}' is not a valid label (letters, digits and inner hyphens, 1–{MaxLabelLength} characters).";
                return false;
            }
        }

        normalized = ascii;
        error = null;
        return true;
    }

    /// <summary>Compares a domain as written in a report (any case, maybe a U-label or with a trailing dot) with a normalised one.</summary>
    public static bool SameDomain(string? reported, string normalized) =>
        TryNormalize(reported, out var other, out _) && string.Equals(other, normalized, StringComparison.Ordinal);

    private static bool IsHostLabel(string label) =>
        label.Length is > 0 and <= MaxLabelLength
        && label[0] != '-'
        && label[^1] != '-'
        && label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static string Shorten(string text) => Excerpt.Of(text, 65);
}
