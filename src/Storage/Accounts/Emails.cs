namespace TlsRptPlatform.Storage.Accounts;

/// <summary>How an account's e-mail address is compared: trimmed and lower-cased (invariant), so one person has one account.</summary>
public static class Emails
{
    /// <summary>RFC 5321's limit on a forward path; nothing longer is a deliverable address.</summary>
    public const int MaxLength = 254;

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A plausible address: one @, something on either side, a dot in the domain, no spaces or controls.</summary>
    public static bool IsPlausible(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > MaxLength)
        {
            return false;
        }

        var trimmed = email.Trim();
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == trimmed.LastIndexOf('@') && trimmed.IndexOf('.', at) > at + 1 && !trimmed.EndsWith('.')
            && !trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or ',' or ';');
    }
}
