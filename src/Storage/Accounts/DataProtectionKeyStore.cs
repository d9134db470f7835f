using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Accounts;

/// <summary>The XML documents of ASP.NET Core's data-protection key ring, shared by every process through the store.</summary>
public sealed class DataProtectionKeyStore(PlatformDatabase database)
{
    public IReadOnlyList<string> All()
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        return connection.Command("SELECT xml FROM data_protection_keys ORDER BY name").ListAsync(r => r.GetString(0), CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Add(string name, string xml)
    {
        using var write = database.EnterWriteAsync().AsTask().GetAwaiter().GetResult();
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        connection.Command("INSERT INTO data_protection_keys (name, xml) VALUES (@n, @x) ON CONFLICT (name) DO NOTHING")
            .With("n", name).With("x", xml).NonQueryAsync(CancellationToken.None).GetAwaiter().GetResult();
    }
}
