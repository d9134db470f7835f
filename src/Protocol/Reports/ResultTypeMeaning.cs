namespace TlsRptPlatform.Protocol.Reports;

/// <summary>What a failure result type means for the receiving domain, and what its owner can do about it.</summary>
/// <param name="Standard">True for the result types RFC 8460 §4.3 defines; false for ones senders use beyond it.</param>
public sealed record ResultTypeMeaning(string ResultType, string Meaning, string Fix, bool Standard);
