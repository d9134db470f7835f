namespace TlsRptPlatform.Storage.Imports;

/// <param name="Item">Where in the archive: a zip entry's path or "message 12 &lt;id&gt;".</param>
public sealed record RefusedItem(string Item, string Detail);
