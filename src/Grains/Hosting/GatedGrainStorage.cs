using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Grains.Hosting;

/// <summary>
/// Orleans' grain storage with its writes in the platform's one queue of SQLite writers
/// (<see cref="PlatformDatabase.EnterWriteAsync"/>; free on PostgreSQL).
/// </summary>
/// <remarks>
/// The ADO.NET provider writes the domain grain's policy state on connections of its own. On the embedded store those
/// writes met the archive's group commit at SQLite's write lock, and the driver's busy retry, which sleeps between
/// attempts, turned each meeting into a stall: commits of 0.5–2.8 s once policy checks ran beside 100,000 reports
/// (docs/BENCHMARKS.md). Reads need no queue: WAL readers never wait for the writer.
/// </remarks>
internal sealed class GatedGrainStorage(IGrainStorage inner, PlatformDatabase database) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Wraps the grain storage registered under <paramref name="name"/>, keeping its name and lifecycle.</summary>
    public static void Decorate(IServiceCollection services, string name)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        var create = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered by a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) =>
            new GatedGrainStorage((IGrainStorage)create(provider, key), provider.GetRequiredService<PlatformDatabase>()));
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var write = await database.EnterWriteAsync();
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var write = await database.EnterWriteAsync();
        await inner.ClearStateAsync(stateName, grainId, grainState);
    }

    // Orleans registers the provider's lifecycle participant by resolving this name: the provider still initialises.
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
