using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Silo.Hosting;

/// <summary>
/// Migrates the schema before anything else starts: registered ahead of the Orleans host, so membership, reminders
/// and grain storage find their tables and queries. Every role runs it; concurrent runs serialise on a lock.
/// </summary>
internal sealed class SchemaMigrationService(SchemaMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
