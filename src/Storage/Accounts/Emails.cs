namespace TlsRptPlatform.Storage.Accounts;

/// <summary>How an account's e-mail address is compared: trimmed and lower-cased (invariant), so one person has one account.</summary>
public static partial class Emails
{
    /// <summary>RFC 5321's limit on a forward path; nothing longer is a deliverable address.</summary>
    public const int MaxLength = 254;

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// A deliverable-looking address in the common form: a dot-atom local part (RFC 5321: letters, digits and
    /// <c>!#$%&amp;'*+/=?^_`{|}~.-</c>), one @, and a domain of letter-digit-hyphen labels with a dot. Quoted local parts,
    /// comments, IP literals and non-ASCII are refused: nobody needs them to sign in, and each is a parser's edge case.
    /// </summary>
    public static bool IsPlausible(string? email) => email is not null && email.Trim().Length <= MaxLength && Pattern().IsMatch(email.Trim());

    [System.Text.RegularExpressions.GeneratedRegex(
        @"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}
