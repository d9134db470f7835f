using System.Security.Claims;

namespace TlsRptPlatform.Api.Authentication;

public static class PlatformClaims
{
    public const string Scheme = "ApiKey";
    public const string TenantId = "tenant_id";
    public const string AdminRole = "admin";
    public const string TenantPolicy = "tenant";
    public const string AdminPolicy = "admin";

    /// <summary>The authenticated tenant; endpoints behind <see cref="TenantPolicy"/> always have one.</summary>
    public static string TenantIdOf(this ClaimsPrincipal user) =>
        user?.FindFirstValue(TenantId) ?? throw new InvalidOperationException("The request is not authenticated as a tenant.");
}
