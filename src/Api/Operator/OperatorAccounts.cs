using TlsRptPlatform.Api.Accounts;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Operator;

/// <summary>
/// Makes an address the platform operator's: a new account (its address counts as confirmed — the operator typed it
/// at the console or holds the admin key) or an existing one, marked operator, with a single-use link to choose its
/// password. Shared by the <c>create-operator</c> command and <c>POST /v1/admin/operators</c>.
/// </summary>
public sealed class OperatorAccounts(UserStore users, UserTokenStore tokens)
{
    /// <summary>How long the set-password link works.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(1);

    public async Task<(UserRecord User, bool Created, string PasswordLink)> CreateAsync(string email, Uri publicBaseUrl, CancellationToken cancellationToken)
    {
        var created = await users.CreateAsync(email, passwordHash: null, emailVerified: true, isOperator: true, cancellationToken);
        var user = created ?? await users.FindByEmailAsync(email, cancellationToken)
            ?? throw new InvalidOperationException($"The account of {email} vanished while it was made an operator.");
        if (created is null)
        {
            await users.SetOperatorAsync(user.Id, isOperator: true, cancellationToken);
            await users.MarkEmailVerifiedAsync(user.Id, cancellationToken);
        }

        var token = await tokens.IssueAsync(user.Id, UserTokenPurpose.ResetPassword, LinkLifetime, cancellationToken);
        return (user, created is not null, DashboardLinks.WithToken(publicBaseUrl, "reset-password", token));
    }
}
