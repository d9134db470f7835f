using TlsRptPlatform.Protocol.Imports;

namespace TlsRptPlatform.Api.Imports;

/// <summary>An accepted upload waiting in this process for its turn; its row in the store says how it goes.</summary>
public sealed record ImportJob(string Id, string Domain, string ReportToken, string SpoolPath, ImportFormat Format);
