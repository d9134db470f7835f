namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>The platform on a PostgreSQL server of its own, which a test may stop and resume without disturbing the rest of the run.</summary>
public sealed class OwnPostgresPlatform : PlatformFixture
{
    private PostgresServer? _store;

    public PostgresServer Store => _store ?? throw new InvalidOperationException("The fixture has not started.");

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            _store?.Dispose();
        }
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        _store = PostgresServer.StartPrivate();
        return new Dictionary<string, string?> { ["ConnectionStrings:Platform"] = await _store.CreateDatabaseAsync() };
    }
}
