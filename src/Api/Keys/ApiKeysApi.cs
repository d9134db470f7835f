using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.OpenApi;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.ApiKeys;

namespace TlsRptPlatform.Api.Keys;

/// <summary>A tenant's named API keys: created with a scope and an optional expiry, listed, revoked. Admin scope only.</summary>
public static class ApiKeysApi
{
    public const int MaxNameLength = 100;

    /// <summary>Usable (not revoked, not expired) keys per tenant.</summary>
    public const int MaxKeysPerTenant = 100;

    public static void MapApiKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/api-keys").WithTags("API keys").RequireAuthorization(PlatformClaims.TenantPolicy)
            .RequireAccess(RouteAccess.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ApiKeys_List").WithSummary("The tenant's API keys, revoked ones included, newest first")
            .WithDescription("Keys themselves are never shown again after creation: only id, name, scope, times. `lastUsedAt` is updated at most once a minute per key and process.")
            .WithResponseExample(StatusCodes.Status200OK, new[] { Example with { LastUsedAt = Example.CreatedAt.AddHours(3) } });
        group.MapPost("/", CreateAsync).WithName("ApiKeys_Create").WithSummary("Create a named key with a scope and an optional expiry")
            .WithDescription("Scopes: `read` (every GET of the tenant's data), `write` (also changes to domains, rules, channels, policies, imports and checks), `admin` (also keys and tenant settings). The key is in this answer only; the platform keeps its SHA-256.")
            .WithRequestExample(new { name = "grafana", scope = "read", expiresAt = "2027-06-01T00:00:00Z" })
            .WithResponseExample(StatusCodes.Status201Created, new CreatedApiKey(Example.Id, Example.Name, Example.Scope, Example.CreatedAt, Example.ExpiresAt, "tlsrpt_bIDve_rC0gqiQSAdg45GHIIw_z6dalekbJGWbLzwlfY"))
            .WithProblemExample(StatusCodes.Status400BadRequest, "invalid-request", "'scope' must be 'read', 'write' or 'admin'.", "$.scope");
        group.MapDelete("/{id}", RevokeAsync).WithName("ApiKeys_Revoke").WithSummary("Revoke a key")
            .WithDescription("The key stops working at once on the process that answers, and on every other process within a minute (their authentication cache); dashboard sessions signed in with it end at once. The tenant's last usable admin key cannot be revoked (409 `last-admin-key`).")
            .WithProblemExample(StatusCodes.Status404NotFound, "api-key-not-found", "No API key key_3f2a… of this tenant, or it is revoked already.")
            .WithProblemExample(StatusCodes.Status409Conflict, "last-admin-key", "This is the tenant's last usable admin key; create another admin key first.");
    }

    private static readonly ApiKeyResponse Example = new(
        "key_5d1c0e9a7b3f24c18e6a90d2", "grafana", "read", new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero), null, null);

    private static async Task<Ok<ApiKeyResponse[]>> ListAsync(ClaimsPrincipal user, ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(user.TenantIdOf(), cancellationToken)).Select(Describe).ToArray());

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateAsync(
        CreateApiKey request, ClaimsPrincipal user, ApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return ProblemTypes.InvalidRequest($"'name' is required and has at most {MaxNameLength} characters.", "$.name");
        }

        if (!ApiScopes.TryParse(request!.Scope, out var scope))
        {
            return ProblemTypes.InvalidRequest("'scope' must be 'read', 'write' or 'admin'.", "$.scope");
        }

        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            return ProblemTypes.InvalidRequest("'expiresAt' must be in the future.", "$.expiresAt");
        }

        var tenant = user.TenantIdOf();
        var usable = (await keys.ListAsync(tenant, cancellationToken)).Count(k => k.RevokedAt is null && (k.ExpiresAt is null || k.ExpiresAt > now));
        if (usable >= MaxKeysPerTenant)
        {
            return ProblemTypes.InvalidRequest($"A tenant has at most {MaxKeysPerTenant} usable keys; revoke one first.");
        }

        var (key, secret) = await keys.CreateAsync(tenant, name, scope, request.ExpiresAt, cancellationToken);
        return TypedResults.Created(
            $"/v1/api-keys/{key.Id}", new CreatedApiKey(key.Id, key.Name, key.Scope.Name(), key.CreatedAt, key.ExpiresAt, secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string id, ClaimsPrincipal user, ApiKeyStore keys, ApiKeyResolver resolver, CancellationToken cancellationToken)
    {
        var (outcome, hash) = await keys.RevokeAsync(user.TenantIdOf(), id, cancellationToken);
        switch (outcome)
        {
            case RevokeOutcome.Revoked:
                resolver.Forget(hash!);
                return TypedResults.NoContent();
            case RevokeOutcome.LastAdminKey:
                return ProblemTypes.Create(StatusCodes.Status409Conflict, "last-admin-key", "Last admin key",
                    "This is the tenant's last usable admin key; create another admin key first.");
            default:
                return ProblemTypes.Create(StatusCodes.Status404NotFound, "api-key-not-found", "API key not found",
                    $"No API key {id} of this tenant, or it is revoked already.");
        }
    }

    private static ApiKeyResponse Describe(ApiKeyRecord key) =>
        new(key.Id, key.Name, key.Scope.Name(), key.CreatedAt, key.ExpiresAt, key.LastUsedAt, key.RevokedAt);
}
