using System.Globalization;
using System.IO.Compression;
using MimeKit;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Protocol.Text;

namespace TlsRptPlatform.Protocol.Imports;

/// <summary>
/// Reads an uploaded archive item by item, never more than one item in memory: mbox messages are parsed with their
/// bodies left in the file, zip entries are read only up to their limit (what an entry's header claims is ignored,
/// so a zip bomb stops at the limit). Throws <see cref="ArchiveFormatException"/> when the file as a whole is unreadable.
/// </summary>
public static class ArchiveReader
{
    private const int MaxNameLength = 200;

    public static IEnumerable<ArchiveItem> Read(Stream file, ImportFormat format, ArchiveLimits limits)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(limits);
        return format switch
        {
            ImportFormat.Mbox => ReadMbox(file, limits),
            ImportFormat.Zip => ReadZip(file, limits),
            ImportFormat.Eml => [Message("message", file, file.Length, MimeFormat.Entity)],
            _ => [Report("report", file, file.Length, limits)],
        };
    }

    private static IEnumerable<ArchiveItem> ReadMbox(Stream file, ArchiveLimits limits)
    {
        var parser = new MimeParser(file, MimeFormat.Mbox, persistent: true);
        for (var number = 1; !parser.IsEndOfStream; number++)
        {
            if (number > limits.MaxItems)
            {
                throw new ArchiveFormatException($"The mailbox holds more than {limits.MaxItems} messages; import it in parts.");
            }

            MimeMessage message;
            try
            {
                message = parser.ParseMessage();
            }
            catch (FormatException ex)
            {
                throw new ArchiveFormatException($"Message {number} of the mailbox cannot be read: {ex.Message}", ex);
            }

            yield return new ArchiveItem(MessageName(number, message), parser.Position) { Message = message };
        }
    }

    private static IEnumerable<ArchiveItem> ReadZip(Stream file, ArchiveLimits limits)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new ArchiveFormatException($"The file is not a readable zip archive: {ex.Message}", ex);
        }

        using (zip)
        {
            List<ZipArchiveEntry> entries;
            try
            {
                entries = zip.Entries.Where(e => !IsDirectory(e) && !IsOperatingSystemClutter(e.FullName)).ToList();
            }
            catch (InvalidDataException ex)
            {
                throw new ArchiveFormatException($"The zip archive's directory cannot be read: {ex.Message}", ex);
            }

            if (entries.Count > limits.MaxItems)
            {
                throw new ArchiveFormatException($"The archive holds {entries.Count} files; at most {limits.MaxItems} are imported at once.");
            }

            long position = 0;
            foreach (var entry in entries)
            {
                position += entry.CompressedLength;
                yield return Entry(entry, Math.Min(position, file.Length), limits);
            }
        }
    }

    private static ArchiveItem Entry(ZipArchiveEntry entry, long position, ArchiveLimits limits)
    {
        var name = Excerpt.Of(entry.FullName, MaxNameLength);
        var lower = entry.FullName.ToLowerInvariant();
        try
        {
            using var stream = entry.Open();
            if (lower.EndsWith(".eml", StringComparison.Ordinal))
            {
                var bytes = ReadBounded(stream, limits.MaxMessageBytes)
                    ?? throw TooLarge($"The e-mail is larger than {limits.MaxMessageBytes} bytes.");
                return Message(name, new MemoryStream(bytes, writable: false), position, MimeFormat.Entity);
            }

            var limit = lower.EndsWith(".gz", StringComparison.Ordinal) ? limits.Reports.MaxCompressedBytes : limits.Reports.MaxDecompressedBytes;
            var body = ReadBounded(stream, limit) ?? throw TooLarge($"The file is larger than {limit} bytes.");
            if (!ReportBody.IsGzip(body) && !lower.EndsWith(".json", StringComparison.Ordinal) && ImportFormats.Detect(body.AsSpan(0, Math.Min(body.Length, ImportFormats.HeadLength))) != ImportFormat.Report)
            {
                throw new ReportFormatException(ReportErrorKind.Malformed, "$", "Not a report: only .json, .json.gz and .eml files are imported.");
            }

            return new ArchiveItem(name, position) { Report = body };
        }
        catch (InvalidDataException ex)
        {
            return new ArchiveItem(name, position) { Problem = new ReportFormatException(ReportErrorKind.Malformed, "$", $"The zip entry cannot be read: {ex.Message}", ex) };
        }
        catch (ReportFormatException ex)
        {
            return new ArchiveItem(name, position) { Problem = ex };
        }
    }

    private static ArchiveItem Report(string name, Stream file, long position, ArchiveLimits limits)
    {
        var head = new byte[2];
        var gzip = file.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && ReportBody.IsGzip(head);
        file.Position = 0;
        var limit = gzip ? limits.Reports.MaxCompressedBytes : limits.Reports.MaxDecompressedBytes;
        return ReadBounded(file, limit) is { } body
            ? new ArchiveItem(name, position) { Report = body }
            : new ArchiveItem(name, position) { Problem = TooLarge($"The report is larger than {limit} bytes.") };
    }

    private static ArchiveItem Message(string name, Stream stream, long position, MimeFormat format)
    {
        try
        {
            var message = new MimeParser(stream, format, persistent: true).ParseMessage();
            return new ArchiveItem(name, position) { Message = message };
        }
        catch (FormatException ex)
        {
            return new ArchiveItem(name, position) { Problem = new ReportFormatException(ReportErrorKind.Malformed, "$", $"Not a MIME message: {ex.Message}", ex) };
        }
    }

    /// <summary>The stream's bytes, or null when there are more than <paramref name="limit"/>.</summary>
    private static byte[]? ReadBounded(Stream stream, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string MessageName(int number, MimeMessage message)
    {
        var id = string.IsNullOrEmpty(message.MessageId) ? string.Empty : $" <{message.MessageId}>";
        return Excerpt.Of(string.Create(CultureInfo.InvariantCulture, $"message {number}{id}"), MaxNameLength);
    }

    private static bool IsDirectory(ZipArchiveEntry entry) => entry.FullName.EndsWith('/') && entry.Length == 0;

    /// <summary>Files that archivers of macOS and Windows add beside the user's own; skipping them is not refusing anything.</summary>
    private static bool IsOperatingSystemClutter(string path) =>
        path.StartsWith("__MACOSX/", StringComparison.Ordinal)
        || Path.GetFileName(path) is ".DS_Store" or "Thumbs.db" or "desktop.ini";

    private static ReportFormatException TooLarge(string message) => new(ReportErrorKind.TooLarge, "$", message);
}
