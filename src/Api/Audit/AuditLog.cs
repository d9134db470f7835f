using System.Data.Common;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Storage.Audit;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Api.Audit;

/// <summary>
/// Writes audit events. A failure to write is logged, not thrown: by then the change it describes has happened, and
/// failing the request would only make the caller retry a change that is already made.
/// </summary>
public sealed partial class AuditLog(AuditStore store, TimeProvider time, ILogger<AuditLog> logger)
{
    /// <summary>Records what a tenant principal (key or session) did in this request.</summary>
    public Task RecordAsync(HttpContext context, string action, string target, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        return user.FindFirstValue(PlatformClaims.UserId) is { } person
            ? RecordAsync(context, user.TenantIdOf(), AuditActors.User, person, user.FindFirstValue(PlatformClaims.Email), action, target, status)
            : RecordAsync(
                context, user.TenantIdOf(), user.FindFirstValue(PlatformClaims.SessionCsrf) is null ? AuditActors.Key : AuditActors.Session,
                user.FindFirstValue(PlatformClaims.KeyId), user.FindFirstValue(PlatformClaims.KeyName), action, target, status);
    }

    public async Task RecordAsync(
        HttpContext context, string tenantId, string actorKind, string? keyId, string? keyName, string action, string target, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entry = new AuditEvent(
            RandomIds.New("ev_"), tenantId, time.GetUtcNow(), actorKind, keyId, keyName,
            context.Connection.RemoteIpAddress?.ToString(), action, target, status);
        try
        {
            // Not the request's token: an aborted request still leaves its record.
            await store.AddAsync(entry, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException)
        {
            LogFailed(logger, ex, action, tenantId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit event {Action} of tenant {TenantId} could not be written")]
    private static partial void LogFailed(ILogger logger, Exception exception, string action, string tenantId);
}
