using System.Globalization;
using System.Text.RegularExpressions;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// The mail log of a private Postfix instance (<c>maillog_file</c>, written by postlogd): what its delivery agents did
/// with each queued message, read the way an operator greps it.
/// </summary>
public sealed partial class PostfixLog(string path)
{
    public IReadOnlyList<PostfixLogLine> Lines()
    {
        if (!File.Exists(path))
        {
            return [];
        }

        // postlogd keeps appending while we read.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<PostfixLogLine>();
        while (reader.ReadLine() is { } line)
        {
            if (Entry().Match(line) is { Success: true } match)
            {
                lines.Add(new PostfixLogLine(match.Groups["program"].Value, int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture), match.Groups["text"].Value));
            }
        }

        return lines;
    }

    /// <summary>Waits for a delivery attempt of a queued message that ended with <paramref name="status"/> (<c>sent</c>, <c>deferred</c>, <c>bounced</c>).</summary>
    public async Task<PostfixLogLine> DeliveryAsync(string queueId, string status, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var found = Lines().FirstOrDefault(l => l.Text.StartsWith($"{queueId}: to=<", StringComparison.Ordinal) && l.Text.Contains($", status={status} (", StringComparison.Ordinal));
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Postfix logged no status={status} for {queueId} within {seconds} s. Its log:\n{this}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// The TLS handshake line of the connection that carried <paramref name="delivery"/>: the last one its smtp
    /// process logged before it (one process makes one connection at a time).
    /// </summary>
    public PostfixLogLine? HandshakeOf(PostfixLogLine delivery)
    {
        var lines = Lines().ToList();
        return lines.Take(lines.IndexOf(delivery)).LastOrDefault(l => l.Program == delivery.Program && l.Pid == delivery.Pid && l.Text.Contains("TLS connection established to", StringComparison.Ordinal));
    }

    public override string ToString() => string.Join('\n', Lines().Select(l => $"{l.Program}[{l.Pid}]: {l.Text}"));

    // "Nov 30 15:16:59 relay postfix/smtp[27489]: A1B1CB9CA7E: to=<…>, relay=…, status=sent (250 …)"
    [GeneratedRegex(@"\spostfix/(?<program>[a-z/-]+)\[(?<pid>\d+)\]: (?<text>.*)$")]
    private static partial Regex Entry();
}
