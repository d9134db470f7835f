using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Accounts.Oidc;

/// <summary>
/// Keeps ASP.NET Core's data-protection key ring in the platform's store, so that a sign-in started on one process of a
/// cluster (its state and correlation cookie protected there) completes on whichever process the provider's redirect
/// reaches. The interface is synchronous; the key ring is read rarely (and cached by ASP.NET Core).
/// </summary>
public sealed class DatabaseXmlRepository(DataProtectionKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. store.All().Select(XElement.Parse)];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        store.Add(string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }
}
