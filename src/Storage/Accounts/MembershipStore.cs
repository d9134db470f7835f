using System.Data.Common;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Accounts;

/// <summary>
/// Who belongs to which tenant, with which role. Every change that could leave a tenant without an owner is refused in
/// the same transaction that would make it (the count and the change see the same rows).
/// </summary>
public sealed class MembershipStore(PlatformDatabase database, TimeProvider time)
{
    /// <summary>Adds the person to the tenant, or changes nothing when they already belong to it.</summary>
    public async Task AddAsync(string tenantId, string userId, TenantRole role, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await InsertAsync(connection, null, tenantId, userId, role, time.GetUtcNow(), cancellationToken);
    }

    internal static Task InsertAsync(DbConnection connection, DbTransaction? transaction, string tenantId, string userId, TenantRole role, DateTimeOffset at, CancellationToken cancellationToken) =>
        connection.Command("INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES (@t, @u, @r, @at) ON CONFLICT (tenant_id, user_id) DO NOTHING", transaction)
            .With("t", tenantId).With("u", userId).With("r", role.Name()).With("at", at.ToUnixTimeMilliseconds()).NonQueryAsync(cancellationToken);

    public async Task<TenantRole?> FindRoleAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var role = await connection.Command("SELECT role FROM memberships WHERE tenant_id = @t AND user_id = @u")
            .With("t", tenantId).With("u", userId).ScalarAsync(cancellationToken);
        return role is string name ? TenantRoles.Parse(name) : null;
    }

    /// <summary>The tenants the person belongs to, by name.</summary>
    public async Task<IReadOnlyList<MembershipRecord>> ListForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                "SELECT t.id, t.name, m.role, t.suspended_at FROM memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = @u ORDER BY t.name, t.id")
            .With("u", userId)
            .ListAsync(r => new MembershipRecord(r.GetString(0), r.GetString(1), TenantRoles.Parse(r.GetString(2)), !r.IsDBNull(3)), cancellationToken);
    }

    /// <summary>The tenant's members, by address.</summary>
    public async Task<IReadOnlyList<MemberRecord>> ListForTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                "SELECT u.id, u.email, m.role, m.created_at, u.totp_enabled_at FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = @t ORDER BY u.email")
            .With("t", tenantId)
            .ListAsync(r => new MemberRecord(r.GetString(0), r.GetString(1), TenantRoles.Parse(r.GetString(2)), r.GetUnixTime(3), !r.IsDBNull(4)),
                cancellationToken);
    }

    /// <summary>Gives a member another role; refused when it would take the tenant's last owner away.</summary>
    public Task<MembershipChange> ChangeRoleAsync(string tenantId, string userId, TenantRole role, CancellationToken cancellationToken = default) =>
        ChangeAsync(tenantId, userId, role, cancellationToken);

    /// <summary>Removes a member (and their sessions' view of the tenant); refused for the tenant's last owner.</summary>
    public Task<MembershipChange> RemoveAsync(string tenantId, string userId, CancellationToken cancellationToken = default) =>
        ChangeAsync(tenantId, userId, null, cancellationToken);

    private async Task<MembershipChange> ChangeAsync(string tenantId, string userId, TenantRole? role, CancellationToken cancellationToken)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // On PostgreSQL the owners are locked, so two owners removing each other at once cannot both succeed.
        var lockOwners = database.Dialect == SqlDialect.PostgreSql ? " FOR UPDATE" : string.Empty;
        var owners = await connection.Command($"SELECT user_id FROM memberships WHERE tenant_id = @t AND role = 'owner'{lockOwners}", transaction)
            .With("t", tenantId).ListAsync(r => r.GetString(0), cancellationToken);
        var current = await connection.Command("SELECT role FROM memberships WHERE tenant_id = @t AND user_id = @u", transaction)
            .With("t", tenantId).With("u", userId).ScalarAsync(cancellationToken);
        if (current is not string)
        {
            return MembershipChange.NotFound;
        }

        if (owners is [var only] && only == userId && role is not TenantRole.Owner)
        {
            return MembershipChange.LastOwner;
        }

        var command = role is { } newRole
            ? connection.Command("UPDATE memberships SET role = @r WHERE tenant_id = @t AND user_id = @u", transaction).With("r", newRole.Name())
            : connection.Command("DELETE FROM memberships WHERE tenant_id = @t AND user_id = @u", transaction);
        await command.With("t", tenantId).With("u", userId).NonQueryAsync(cancellationToken);
        if (role is null)
        {
            await connection.Command("UPDATE user_sessions SET tenant_id = NULL WHERE user_id = @u AND tenant_id = @t", transaction)
                .With("t", tenantId).With("u", userId).NonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return MembershipChange.Done;
    }
}
