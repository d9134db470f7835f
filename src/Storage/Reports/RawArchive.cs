using System.IO.Compression;

namespace TlsRptPlatform.Storage.Reports;

/// <summary>
/// Raw reports are kept gzip-compressed (DESIGN D3: storage grows with information, not with bytes sent — 50 MiB of
/// padding costs about 50 KB). Rows written before compression hold plain JSON; JSON never starts with the gzip magic
/// bytes (0x1f is not JSON whitespace), so the two tell themselves apart without a column.
/// </summary>
internal static class RawArchive
{
    public static byte[] Compress(byte[] json)
    {
        using var output = new MemoryStream(capacity: Math.Max(256, json.Length / 8));
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }

    public static byte[] Expand(byte[] stored)
    {
        if (stored.Length < 2 || stored[0] != 0x1f || stored[1] != 0x8b)
        {
            return stored;
        }

        using var input = new MemoryStream(stored, writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
