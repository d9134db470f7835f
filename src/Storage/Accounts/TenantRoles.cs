namespace TlsRptPlatform.Storage.Accounts;

/// <summary>The roles' names as the API, the database and the audit log spell them (lower case).</summary>
public static class TenantRoles
{
    public static string Name(this TenantRole role) => role switch
    {
        TenantRole.Viewer => "viewer",
        TenantRole.Analyst => "analyst",
        TenantRole.Admin => "admin",
        TenantRole.Owner => "owner",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? name, out TenantRole role)
    {
        foreach (var candidate in Enum.GetValues<TenantRole>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    public static TenantRole Parse(string name) =>
        TryParse(name, out var role) ? role : throw new FormatException($"Unknown tenant role '{name}'.");
}
