using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;
using TlsRptPlatform.Api.Accounts;
using TlsRptPlatform.Api.Accounts.Oidc;
using TlsRptPlatform.Api.Alerts;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Dashboard;
using TlsRptPlatform.Api.Digest;
using TlsRptPlatform.Api.Domains;
using TlsRptPlatform.Api.Overview;
using TlsRptPlatform.Api.Health;
using TlsRptPlatform.Api.Imports;
using TlsRptPlatform.Api.Keys;
using TlsRptPlatform.Api.OpenApi;
using TlsRptPlatform.Api.Operator;
using TlsRptPlatform.Api.Ingestion;
using TlsRptPlatform.Api.Members;
using TlsRptPlatform.Api.MtaSts;
using TlsRptPlatform.Api.Policies;
using TlsRptPlatform.Api.RateLimiting;
using TlsRptPlatform.Api.Reports;
using TlsRptPlatform.Api.TokenRotation;
using TlsRptPlatform.Api.Tenants;

namespace TlsRptPlatform.Api.Hosting;

public static class PlatformApiExtensions
{
    /// <summary>Services of the API role. The store and options come from the silo's <c>AddPlatformStorage</c>.</summary>
    public static IServiceCollection AddPlatformApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlatformOptions>().Bind(configuration.GetSection("Platform"))
            .Validate(o => o.PublicBaseUrl.IsAbsoluteUri, "Platform:PublicBaseUrl must be an absolute URL.").ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection("Smtp")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReportTokenOptions>().Bind(configuration.GetSection("Reports"))
            .Validate(o => o.TokenGracePeriod >= TimeSpan.Zero && o.TokenGracePeriod <= ReportTokenOptions.MaxGracePeriod, "Reports:TokenGracePeriod must be between 00:00:00 and 90.00:00:00.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddProblemDetails();
        services.AddExceptionHandler<TransientFailureHandler>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StorageFullAlarm>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower)));
        services.AddSingleton<AdminKey>();
        services.AddSingleton<ApiKeyResolver>();
        services.AddSingleton<ApiKeyUsage>();
        services.AddSingleton<TenantSuspensions>();
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection("Audit")).ValidateDataAnnotations()
            .Validate(o => o.PruneInterval > TimeSpan.Zero, "Audit:PruneInterval must be positive.").ValidateOnStart();
        services.AddSingleton<AuditLog>();
        services.AddHostedService<AuditRetention>();
        services.AddSingleton<ReportAddresses>();
        services.AddSingleton<ReportTokenResolver>();
        services.AddSingleton<IngestionMetrics>();
        services.AddSingleton<IngestionBudget>();
        services.AddAuthentication(PlatformClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(PlatformClaims.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformClaims.TenantPolicy, p => p.RequireClaim(PlatformClaims.TenantId))
            .AddPolicy(PlatformClaims.AdminPolicy, p => p.RequireRole(PlatformClaims.AdminRole))
            .AddPolicy(PlatformClaims.TenantOrAdminPolicy, p => p.RequireAssertion(c => c.User.HasClaim(h => h.Type == PlatformClaims.TenantId) || c.User.IsInRole(PlatformClaims.AdminRole)));
        services.AddPlatformRateLimiting(configuration);
        services.AddAccounts(configuration);
        services.AddPlatformHealth();
        services.AddPolicyHosting(configuration);
        services.AddOpenApi(o => o.NameOperations().DocumentRouteAccess().AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "TlsRptPlatform API";
            document.Info.Description = "SMTP TLS report (RFC 8460) ingestion and the tenant API. Errors are application/problem+json with a stable `type`.";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Store and shutdown checks: what every role's readiness needs (a silo adds its own).</summary>
    public static IServiceCollection AddPlatformHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [HealthApi.ReadyTag, HealthApi.StartupTag])
            .AddCheck<ShutdownHealthCheck>("shutdown", tags: [HealthApi.ReadyTag]);
        return services;
    }

    /// <summary>Serving hosted MTA-STS policies: the in-memory policy cache and its options (section <c>MtaSts</c>).</summary>
    public static IServiceCollection AddPolicyHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PolicyHostOptions>().Bind(configuration.GetSection("MtaSts")).ValidateDataAnnotations()
            .Validate(o => o.PolicyCacheDuration > TimeSpan.Zero && o.PolicyCacheDuration <= TimeSpan.FromHours(1), "MtaSts:PolicyCacheDuration must be positive and at most 01:00:00.")
            .ValidateOnStart();
        services.AddSingleton<HostedPolicyCache>();
        services.AddPolicyHostRateLimit(configuration);
        return services;
    }

    /// <summary>
    /// The <c>policy</c> role: hosted MTA-STS policies and health, nothing else — the small internet-facing process an
    /// operator may keep apart from the API (DESIGN D11). It reads policies from the store and needs no Orleans.
    /// </summary>
    public static WebApplication MapPolicyHostRole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapHealth();
        app.MapPolicyHost();
        return app;
    }

    /// <param name="withTenantApi">False for a silo-only process: it serves health (and metrics) but no API.</param>
    /// <summary><c>Api:MaxRequestBodyBytes</c>: the largest tenant API request body (64 KiB).</summary>
    public const long DefaultMaxRequestBodyBytes = 64 * 1024;

    public static WebApplication MapPlatformApi(this WebApplication app, bool withTenantApi = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = app.Services.GetRequiredService<AdminKey>(); // generated and printed at start-up, not at the first request
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseMiddleware<CsrfProtection>();
        app.UseAuthorization();
        app.UseMiddleware<AuditRecording>(); // outside the access check, so that refused attempts are recorded too
        app.UseMiddleware<RouteAccessEnforcement>();

        app.MapHealth();
        if (!withTenantApi)
        {
            return app;
        }

        app.MapOpenApi().AllowAnonymousAccess();
        // No default fonts: Scalar would fetch them from its CDN, which the page's policy (and an offline laptop) refuses.
        app.MapScalarApiReference("/docs/api", o => o.WithTitle("TlsRptPlatform API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts()).AllowAnonymousAccess();
        // The tenant API's bodies are small JSON documents: without a limit of their own, Kestrel's default (30 MB) would
        // let one request make the process buffer megabytes. Deliveries and imports set their own, larger limits.
        var tenantApi = app.MapGroup(string.Empty).WithMetadata(new RequestBodyLimit(app.Configuration.GetValue("Api:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes)));
        tenantApi.MapTenants();
        tenantApi.MapOperator();
        tenantApi.MapOperatorAccounts();
        tenantApi.MapApiKeys();
        tenantApi.MapAudit();
        tenantApi.MapDomains();
        tenantApi.MapReportTokenRotation();
        tenantApi.MapOverview();
        tenantApi.MapResultTypes();
        tenantApi.MapPolicies();
        tenantApi.MapMtaSts();
        tenantApi.MapAlerts();
        tenantApi.MapDigest();
        tenantApi.MapSession();
        tenantApi.MapAccounts();
        tenantApi.MapOidc();
        tenantApi.MapSecondFactor();
        tenantApi.MapMembers();
        tenantApi.MapInvitations();
        tenantApi.MapTenant();
        app.MapPolicyHost();
        app.MapReportIngestion();
        app.MapImports();
        app.MapDashboard();
        return app;
    }
}
