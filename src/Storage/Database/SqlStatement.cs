namespace TlsRptPlatform.Storage.Database;

/// <summary>One parameterised statement of a batch; the text is constant SQL of this assembly, values travel as parameters.</summary>
public sealed record SqlStatement(string Sql, IEnumerable<(string Name, object? Value)> Parameters);
