using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>
/// The clients and users of one <see cref="TestOidcProvider"/>, kept in memory. Tests register them while the provider
/// runs, so lookups and registrations may happen on different threads at once.
/// </summary>
internal sealed class TestOidcDirectory
{
    private readonly ConcurrentDictionary<string, TestOidcClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TestOidcUser> _usersByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TestOidcUser> _usersBySubject = new(StringComparer.Ordinal);

    public void Add(TestOidcClient client)
    {
        if (!_clients.TryAdd(client.ClientId, client))
        {
            throw new InvalidOperationException($"Client '{client.ClientId}' is registered already.");
        }
    }

    public void Add(TestOidcUser user)
    {
        if (!_usersBySubject.TryAdd(user.Subject, user))
        {
            throw new InvalidOperationException($"Subject '{user.Subject}' exists already.");
        }

        if (!_usersByName.TryAdd(user.Username, user))
        {
            _usersBySubject.TryRemove(user.Subject, out _);
            throw new InvalidOperationException($"User name '{user.Username}' exists already.");
        }
    }

    public TestOidcClient? FindClient(string? clientId) =>
        clientId is not null && _clients.TryGetValue(clientId, out var client) ? client : null;

    public TestOidcUser? FindBySubject(string? subject) =>
        subject is not null && _usersBySubject.TryGetValue(subject, out var user) ? user : null;

    /// <summary>The user whose name and password these are, or null (the same answer for an unknown name and a wrong password).</summary>
    public TestOidcUser? FindByCredentials(string? username, string? password)
    {
        if (username is null || password is null || !_usersByName.TryGetValue(username, out var user))
        {
            return null;
        }

        return SameSecret(user.Password, password) ? user : null;
    }

    /// <summary>Compared in constant time, as a real provider must, so that the fixture is no example of the opposite.</summary>
    public static bool SameSecret(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
