using System.Diagnostics.CodeAnalysis;

namespace TlsRptPlatform.Protocol.Text;

/// <summary>Shortens untrusted text that is echoed back or stored, so that its size is bounded.</summary>
public static class Excerpt
{
    /// <summary>
    /// The text if it has at most <paramref name="max"/> characters, else its start and "…" in <paramref name="max"/>.
    /// Never cuts between the halves of a surrogate pair: PostgreSQL's UTF-8 encoding refuses a lone surrogate, and a
    /// refusal that cannot be stored became a server error.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Of(string? text, int max) =>
        text is null || text.Length <= max
            ? text
            : string.Concat(text.AsSpan(0, char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1), "…");
}
