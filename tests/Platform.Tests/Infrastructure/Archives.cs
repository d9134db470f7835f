using System.IO.Compression;
using System.Text;
using MimeKit;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>Archives as customers have them: an mbox of report e-mails, a zip of report files.</summary>
public static class Archives
{
    /// <summary>An mbox (mboxrd): each message after its own <c>From </c> line, body lines starting with "From " quoted.</summary>
    public static byte[] Mbox(params byte[][] messages)
    {
        var mbox = new StringBuilder();
        foreach (var message in messages)
        {
            mbox.Append("From MAILER-DAEMON Mon Jan  5 00:00:00 2026\n");
            foreach (var line in Encoding.UTF8.GetString(message).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
            {
                mbox.Append(line.TrimStart('>').StartsWith("From ", StringComparison.Ordinal) ? ">" + line : line).Append('\n');
            }

            mbox.Append('\n');
        }

        return Encoding.UTF8.GetBytes(mbox.ToString());
    }

    public static byte[] Bytes(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }

    /// <summary>A message a person might have filed beside the reports: no report in it.</summary>
    public static byte[] PlainMessage(string subject) => Bytes(new MimeMessage(
        [new MailboxAddress("Postmaster", "postmaster@example.org")], [new MailboxAddress("Ops", "ops@example.org")], subject,
        new TextPart("plain") { Text = "From the mail team: the reports are in this folder." }));

    public static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(data);
            }
        }

        return output.ToArray();
    }
}
