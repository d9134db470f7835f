using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Imports;

/// <summary>Tells the formats of <see cref="ImportFormat"/> apart by their first bytes, as file names cannot be trusted.</summary>
public static class ImportFormats
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 512;

    public static ImportFormat Detect(ReadOnlySpan<byte> head)
    {
        // Local file header, or the end-of-central-directory record of an empty zip.
        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
        {
            return ImportFormat.Zip;
        }

        if (ReportBody.IsGzip(head))
        {
            return ImportFormat.Report;
        }

        var text = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        text = text.TrimStart(" \t\r\n"u8);
        if (text.StartsWith("From "u8))
        {
            return ImportFormat.Mbox;
        }

        return text.StartsWith("{"u8) ? ImportFormat.Report : ImportFormat.Eml;
    }

    /// <summary>Parses a wire name (<c>mbox</c>, <c>zip</c>, <c>report</c>, <c>eml</c>), case-insensitively.</summary>
    public static bool TryParse(string? name, out ImportFormat format) =>
        Enum.TryParse(name, ignoreCase: true, out format) && Enum.IsDefined(format) && !int.TryParse(name, out _);

    public static string Name(ImportFormat format) => format.ToString().ToLowerInvariant();
}
