namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>One log entry of a Postfix daemon: which program (<c>smtp</c>, <c>qmgr</c>, …), its process id, the message.</summary>
public sealed record PostfixLogLine(string Program, int Pid, string Text);
