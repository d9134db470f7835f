using System.Data.Common;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Accounts;

/// <summary>
/// Invitations to a tenant. The link carries a random token; the store keeps its hash. Accepting marks the invitation
/// used and adds the membership in one transaction, so a link works once even when it is opened twice at the same time.
/// </summary>
public sealed class InvitationStore(PlatformDatabase database, TimeProvider time)
{
    private const string Columns = "i.id, i.tenant_id, t.name, i.email, i.role, i.invited_by, i.created_at, i.expires_at, i.accepted_at";

    /// <summary>Most open invitations a tenant may have: an admin's key cannot turn the platform into a mail cannon.</summary>
    public const int MaxOpenPerTenant = 100;

    /// <summary>Creates an invitation and returns it with the token for its link (shown nowhere else), or null at <see cref="MaxOpenPerTenant"/>.</summary>
    public async Task<(InvitationRecord Invitation, string Token)?> CreateAsync(
        string tenantId, string email, TenantRole role, string invitedBy, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var token = SecretTokens.New();
        var now = time.GetUtcNow();
        var id = RandomIds.New("inv_");
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.Command(
                """
                INSERT INTO invitations (id, tenant_id, email, role, token_hash, invited_by, created_at, expires_at)
                SELECT @id, @t, @email, @role, @hash, @by, @now, @expires
                WHERE (SELECT count(*) FROM invitations WHERE tenant_id = @t AND accepted_at IS NULL AND expires_at > @now) < @max
                """)
            .With("id", id).With("t", tenantId).With("email", Emails.Normalize(email)).With("role", role.Name()).With("hash", SecretTokens.Hash(token))
            .With("by", invitedBy).With("now", now.ToUnixTimeMilliseconds()).With("expires", (now + lifetime).ToUnixTimeMilliseconds()).With("max", MaxOpenPerTenant)
            .NonQueryAsync(cancellationToken);
        if (inserted == 0)
        {
            return null;
        }

        var invitation = await FindAsync(connection, "i.id = @key", id, cancellationToken);
        return (invitation!, token);
    }

    /// <summary>The open invitation behind a link's token: not accepted, not expired, not withdrawn.</summary>
    public async Task<InvitationRecord?> FindOpenAsync(string token, CancellationToken cancellationToken = default)
    {
        if (token.Length is 0 or > SecretTokens.MaxLength)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var invitation = await FindAsync(connection, "i.token_hash = @key", SecretTokens.Hash(token), cancellationToken);
        return invitation is { AcceptedAt: null } && invitation.ExpiresAt > time.GetUtcNow() ? invitation : null;
    }

    /// <summary>Whether some tenant has an open invitation for the address.</summary>
    public async Task<bool> AnyOpenForAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT 1 FROM invitations WHERE email = @e AND accepted_at IS NULL AND expires_at > @now LIMIT 1")
            .With("e", Emails.Normalize(email)).With("now", time.GetUtcNow().ToUnixTimeMilliseconds()).ScalarAsync(cancellationToken) is not null;
    }

    /// <summary>The tenant's invitations that are still open, newest first.</summary>
    public async Task<IReadOnlyList<InvitationRecord>> ListOpenAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                $"SELECT {Columns} FROM invitations i JOIN tenants t ON t.id = i.tenant_id WHERE i.tenant_id = @t AND i.accepted_at IS NULL AND i.expires_at > @now ORDER BY i.created_at DESC")
            .With("t", tenantId).With("now", time.GetUtcNow().ToUnixTimeMilliseconds()).ListAsync(Read, cancellationToken);
    }

    /// <summary>Withdraws an open invitation of the tenant; false when there is none with that id.</summary>
    public async Task<bool> WithdrawAsync(string tenantId, string id, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("DELETE FROM invitations WHERE tenant_id = @t AND id = @id AND accepted_at IS NULL")
            .With("t", tenantId).With("id", id).NonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Uses the invitation for <paramref name="userId"/>: marks it accepted and adds the membership (a person who already
    /// belongs keeps their role). False when the token is no longer open — used, expired or withdrawn meanwhile.
    /// </summary>
    public async Task<bool> AcceptAsync(string token, string userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var accepted = await connection.Command(
                "UPDATE invitations SET accepted_at = @now WHERE token_hash = @h AND accepted_at IS NULL AND expires_at > @now RETURNING tenant_id, role", transaction)
            .With("now", now.ToUnixTimeMilliseconds()).With("h", SecretTokens.Hash(token))
            .FirstOrDefaultAsync(r => new[] { r.GetString(0), r.GetString(1) }, cancellationToken);
        if (accepted is null)
        {
            return false;
        }

        await MembershipStore.InsertAsync(connection, transaction, accepted[0], userId, TenantRoles.Parse(accepted[1]), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<InvitationRecord?> FindAsync(DbConnection connection, string where, string key, CancellationToken cancellationToken) =>
        await connection.Command($"SELECT {Columns} FROM invitations i JOIN tenants t ON t.id = i.tenant_id WHERE {where}")
            .With("key", key).FirstOrDefaultAsync(Read, cancellationToken);

    private static InvitationRecord Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), TenantRoles.Parse(r.GetString(4)), r.GetString(5),
        r.GetUnixTime(6), r.GetUnixTime(7), r.GetNullableUnixTime(8));
}
