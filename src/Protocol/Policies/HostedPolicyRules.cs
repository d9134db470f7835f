using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using TlsRptPlatform.Protocol.Domains;

namespace TlsRptPlatform.Protocol.Policies;

/// <summary>
/// What a policy the platform serves may contain. RFC 8461 §3.2 sets the grammar; the bounds are ours, so that one
/// customer's policy file stays small (the sender's limit is 64 KiB) and every pattern can match a real MX host.
/// </summary>
public static class HostedPolicyRules
{
    /// <summary>More patterns than any real MX set needs; keeps the file far below the 64 KiB senders accept.</summary>
    public const int MaxMxPatterns = 32;

    /// <summary>A host name is at most 253 characters (RFC 1035); the <c>*.</c> prefix adds two.</summary>
    public const int MaxPatternLength = 255;

    /// <summary>A day: a shorter <c>max_age</c> makes senders forget the policy between two of their deliveries.</summary>
    public const long MinMaxAge = 86_400;

    /// <summary>RFC 8461 §3.2: <c>max_age</c> is at most 31557600 (about a year).</summary>
    public const long MaxMaxAge = 31_557_600;

    /// <summary>What a new policy gets when the request names none: a week, the value most providers publish.</summary>
    public const long DefaultMaxAge = 604_800;

    /// <summary>Checks a mode and its patterns; on success the patterns are normalised (lower-case A-labels, no trailing dot, no duplicates).</summary>
    public static bool TryValidate(
        string? mode, IReadOnlyList<string?>? mx, long maxAge,
        [NotNullWhen(true)] out IReadOnlyList<string>? patterns, [NotNullWhen(false)] out string? error, [NotNullWhen(false)] out string? path)
    {
        patterns = null;
        if (!TryValidateSettings(mode, maxAge, out error, out path))
        {
            return false;
        }

        if (mx is null || mx.Count == 0)
        {
            (error, path) = ("'mx' lists at least one MX host or *.pattern.", "$.mx");
            return false;
        }

        if (mx.Count > MaxMxPatterns)
        {
            (error, path) = (string.Create(CultureInfo.InvariantCulture, $"'mx' lists at most {MaxMxPatterns} patterns."), "$.mx");
            return false;
        }

        var normalized = new List<string>(mx.Count);
        for (var i = 0; i < mx.Count; i++)
        {
            if (!TryNormalizePattern(mx[i], out var pattern, out var problem))
            {
                (error, path) = (problem, string.Create(CultureInfo.InvariantCulture, $"$.mx[{i}]"));
                return false;
            }

            if (!normalized.Contains(pattern, StringComparer.Ordinal))
            {
                normalized.Add(pattern);
            }
        }

        patterns = normalized;
        (error, path) = (null, null);
        return true;
    }

    /// <summary>The mode and <c>max_age</c> alone: for a request that lets the platform fill in the patterns.</summary>
    public static bool TryValidateSettings(string? mode, long maxAge, [NotNullWhen(false)] out string? error, [NotNullWhen(false)] out string? path)
    {
        if (!TryParseMode(mode, out _))
        {
            (error, path) = ("'mode' is testing, enforce or none.", "$.mode");
            return false;
        }

        if (maxAge is < MinMaxAge or > MaxMaxAge)
        {
            (error, path) = (string.Create(CultureInfo.InvariantCulture, $"'maxAge' is {MinMaxAge}–{MaxMaxAge} seconds (one day to about a year)."), "$.maxAge");
            return false;
        }

        (error, path) = (null, null);
        return true;
    }

    public static bool TryParseMode(string? mode, out MtaStsMode parsed)
    {
        (var known, parsed) = mode switch
        {
            "testing" => (true, MtaStsMode.Testing),
            "enforce" => (true, MtaStsMode.Enforce),
            "none" => (true, MtaStsMode.None),
            _ => (false, MtaStsMode.None),
        };
        return known;
    }

    /// <summary>
    /// RFC 8461 §4.1: a pattern is a host name, or <c>*.</c> and a host name — the wildcard only as the whole
    /// left-most label. The host part must be a valid name of at least two labels, so <c>*.com</c> is refused.
    /// </summary>
    public static bool TryNormalizePattern(string? input, [NotNullWhen(true)] out string? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        var text = input?.Trim() ?? string.Empty;
        if (text.Length is 0 or > MaxPatternLength)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"An mx pattern is a host name of 1–{MaxPatternLength} characters.");
            return false;
        }

        var wildcard = text.StartsWith("*.", StringComparison.Ordinal);
        var host = wildcard ? text[2..] : text;
        if (host.Contains('*', StringComparison.Ordinal))
        {
            error = $"'{Text.Excerpt.Of(text, 65)}': '*' may only stand for the whole left-most label, as in *.example.com.";
            return false;
        }

        if (!DomainName.TryNormalize(host, out var normalized, out var hostError))
        {
            error = $"'{Text.Excerpt.Of(text, 65)}' is not a valid mx pattern: {hostError}";
            return false;
        }

        pattern = wildcard ? "*." + normalized : normalized;
        error = null;
        return true;
    }
}
