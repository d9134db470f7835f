namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// Links into the dashboard that carry a single-use token. The token goes after <c>#</c>: browsers never send the
/// fragment to a server, so it stays out of access logs and Referer headers.
/// </summary>
public static class DashboardLinks
{
    public static string WithToken(Uri publicBaseUrl, string page, string token)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return $"{publicBaseUrl.ToString().TrimEnd('/')}/#/{page}?token={Uri.EscapeDataString(token)}";
    }
}
