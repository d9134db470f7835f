using Orleans.Runtime;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Grains.Hosting;

/// <summary>Migrates the schema before any storage provider reads its queries from <c>OrleansQuery</c>.</summary>
internal sealed class SchemaMigrationParticipant(SchemaMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationParticipant), ServiceLifecycleStage.RuntimeInitialize, migrator.MigrateAsync);
}
