using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using TlsRptPlatform.Abstractions.Mail;
using TlsRptPlatform.Storage.Accounts;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Grains.Probes;
using TlsRptPlatform.Grains.Retention;
using TlsRptPlatform.Grains.Telemetry;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Storage.Database;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Grains.Alerts;
using TlsRptPlatform.Grains.Digest;
using TlsRptPlatform.Abstractions.Digest;
using TlsRptPlatform.Storage.Digest;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Storage.ApiKeys;
using TlsRptPlatform.Storage.Audit;
using TlsRptPlatform.Storage.Domains;
using TlsRptPlatform.Storage.Imports;
using TlsRptPlatform.Storage.MtaSts;
using TlsRptPlatform.Grains.MtaSts;
using TlsRptPlatform.Storage.Policies;
using TlsRptPlatform.Storage.Rejections;
using TlsRptPlatform.Storage.Reports;
using TlsRptPlatform.Storage.Tenants;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Grains.Hosting;

/// <summary>The one silo configuration, used by every host and by the test cluster (DESIGN D1).</summary>
public static class PlatformSiloExtensions
{
    public const string ServiceId = "tlsrpt-platform";

    /// <summary>Options, the SQL store and its repositories: what both the silo and the API need.</summary>
    public static IServiceCollection AddPlatformStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Configure(o =>
        {
            o.PostgresConnectionString = configuration.GetConnectionString("Platform");
            o.DataDirectory = configuration["Platform:DataDirectory"] ?? o.DataDirectory;
        });
        services.AddOptions<ReportLimits>().Bind(configuration.GetSection("Ingestion:Limits"))
            .Validate(l => l.MaxCompressedBytes > 0 && l.MaxDecompressedBytes > 0 && l.MaxJsonDepth > 0 && l.MaxPolicies > 0 && l.MaxFailureDetails >= 0,
                "Ingestion:Limits values must be positive.")
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection("Retention")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TenantQuotaOptions>().Bind(configuration.GetSection("Tenants")).ValidateDataAnnotations().ValidateOnStart();
        // TryAdd: both the host and UsePlatformSilo call this; the second call must not add a second database.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlatformDatabase>();
        services.TryAddSingleton<SchemaMigrator>();
        services.TryAddSingleton<TenantStore>();
        services.TryAddSingleton<TenantUsageStore>();
        services.TryAddSingleton<SessionStore>();
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddSingleton<AuditStore>();
        services.TryAddSingleton<DomainStore>();
        services.AddOptions<GroupCommitOptions>().Bind(configuration.GetSection("Storage:GroupCommit")).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ArchiveBatcher>();
        services.TryAddSingleton<ReportStore>();
        services.TryAddSingleton<ReportPartitions>();
        services.TryAddSingleton<FilteredReports>();
        services.TryAddSingleton<RejectionStore>();
        services.TryAddSingleton<ImportStore>();
        services.TryAddSingleton<PolicyHistoryStore>();
        services.TryAddSingleton<HostedPolicyStore>();
        services.TryAddSingleton<AlertStore>();
        services.TryAddSingleton<WebhookSecrets>();
        services.TryAddSingleton<AlertOutboxSignal>();
        services.TryAddSingleton<DigestStore>();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection("Alerts")).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SmtpTransport>();
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<MembershipStore>();
        services.TryAddSingleton<UserTokenStore>();
        services.TryAddSingleton<InvitationStore>();
        services.TryAddSingleton<UserSessionStore>();
        services.TryAddSingleton<ExternalLoginStore>();
        services.TryAddSingleton<DataProtectionKeyStore>();
        return services;
    }

    public static ISiloBuilder UsePlatformSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        silo.Services.AddPlatformStorage(configuration);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = ServiceId;
            o.ClusterId = configuration["Orleans:ClusterId"] ?? "default";
        });
        silo.AddAdoNetGrainStorage(PlatformStorage.Name, (OptionsBuilder<AdoNetGrainStorageOptions> ob) =>
            ob.Configure<PlatformDatabase, Serializer>((o, database, serializer) =>
            {
                o.Invariant = database.OrleansInvariant;
                o.ConnectionString = database.ConnectionString;
                // Orleans' binary format honours [Id]/[Alias], so renaming a state class never orphans stored state.
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        GatedGrainStorage.Decorate(silo.Services, PlatformStorage.Name);
        // Reminders: durable in PostgreSQL; the embedded store has no Orleans reminder provider, so a one-process
        // install keeps them in memory and grains that need schedules register them again on activation.
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Platform")))
        {
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = configuration.GetConnectionString("Platform");
            });
        }

        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigrationParticipant>();
        silo.Services.AddHostedService<RetentionService>();
        silo.Services.AddSingleton<SessionMetrics>();
        silo.Services.AddSingleton<PolicyCheckMetrics>();
        silo.Services.AddPlatformDns(configuration);
        silo.Services.AddOptions<MtaStsOptions>().Bind(configuration.GetSection("MtaSts"));
        silo.Services.AddSingleton(sp => new CertificateTrust(sp.GetRequiredService<IOptions<MtaStsOptions>>().Value.AdditionalTrustedRoots));
        silo.Services.AddSingleton<MtaStsPolicyFetcher>();
        silo.Services.AddOptions<MxProbeOptions>().Bind(configuration.GetSection("MxProbe")).ValidateDataAnnotations()
            .Validate(o => o.Timeout > TimeSpan.Zero, "MxProbe:Timeout must be positive.")
            .Validate(o => o.MaxDuration > TimeSpan.Zero && o.MaxDuration <= MxProbeOptions.MaxDurationLimit, "MxProbe:MaxDuration must be positive and at most 00:04:00.")
            .ValidateOnStart();
        silo.Services.AddSingleton<ProbeMetrics>();
        silo.Services.AddSingleton<MxProber>();
        silo.Services.AddSingleton<PolicyChecker>();
        silo.Services.AddOptions<PolicyScheduleOptions>().Bind(configuration.GetSection("Dns")).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddOptions<ReportAddressOptions>().Configure(o =>
        {
            o.PublicBaseUrl = configuration.GetValue("Platform:PublicBaseUrl", o.PublicBaseUrl)!;
            o.ReportDomain = configuration["Smtp:ReportDomain"] ?? o.ReportDomain;
        });
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PolicyScheduler>();
        silo.Services.AddOptions<ReadinessOptions>().Bind(configuration.GetSection("MtaSts:Readiness")).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddOptions<PolicyHostingOptions>().Configure(o =>
            o.PolicyHost = configuration["Platform:PolicyHost"] ?? configuration.GetValue("Platform:PublicBaseUrl", new Uri("http://localhost:8080"))!.Host);
        silo.Services.AddSingleton<HostedPolicyRecords>();
        silo.Services.AddSingleton<ReadinessEvaluator>();
        silo.Services.AddSingleton<EnforceWatch>();
        silo.Services.AddSingleton<AlertMetrics>();
        silo.Services.AddSingleton<AlertEvaluator>();
        silo.Services.AddSingleton<WebhookSender>();
        silo.Services.AddSingleton<EmailSender>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AlertDispatcher>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ReporterSilenceWatch>();
        silo.Services.AddOptions<DigestOptions>().Bind(configuration.GetSection("Digest")).ValidateDataAnnotations()
            .Validate(o => Enum.IsDefined(o.DayOfWeek), "Digest:DayOfWeek must be a day of the week (Monday … Sunday).")
            .Validate(o => o.CheckInterval >= TimeSpan.Zero, "Digest:CheckInterval must not be negative.")
            .ValidateOnStart();
        silo.Services.AddSingleton<DigestComposer>();
        silo.Services.AddSingleton<DigestRunner>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DigestLoop>();
        return silo;
    }
}
