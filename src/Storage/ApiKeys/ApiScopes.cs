namespace TlsRptPlatform.Storage.ApiKeys;

/// <summary>The names scopes have in the API and in the store: <c>read</c>, <c>write</c>, <c>admin</c>.</summary>
public static class ApiScopes
{
    public static string Name(this ApiScope scope) => scope switch
    {
        ApiScope.Read => "read",
        ApiScope.Write => "write",
        ApiScope.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    public static bool TryParse(string? name, out ApiScope scope)
    {
        scope = name switch
        {
            "read" => ApiScope.Read,
            "write" => ApiScope.Write,
            "admin" => ApiScope.Admin,
            _ => 0,
        };
        return scope != 0;
    }

    /// <summary>A stored name; an unknown one (a newer version's scope) reads as <see cref="ApiScope.Read"/>, the least.</summary>
    public static ApiScope Parse(string name) => TryParse(name, out var scope) ? scope : ApiScope.Read;
}
