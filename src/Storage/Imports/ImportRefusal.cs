namespace TlsRptPlatform.Storage.Imports;

/// <summary>The items refused for one reason: how many, and the first few of them.</summary>
/// <param name="Reason">The problem type slug a sender would have got (<c>report-outside-retention</c> …).</param>
public sealed record ImportRefusal(string Reason, long Count, IReadOnlyList<RefusedItem> Examples);
