using System.IO.Compression;

namespace TlsRptPlatform.Protocol.Reports;

/// <summary>Turns a delivered body (gzip or plain JSON, RFC 8460 §5.3) into report JSON within the configured bounds.</summary>
public static class ReportBody
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Decompresses a gzip body as a stream, stopping as soon as the output would pass the limit.</summary>
    /// <remarks>A gzip bomb therefore costs at most <see cref="ReportLimits.MaxDecompressedBytes"/> of memory.</remarks>
    public static byte[] Gunzip(ReadOnlyMemory<byte> compressed, ReportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (compressed.Length > limits.MaxCompressedBytes)
        {
            throw new ReportFormatException(ReportErrorKind.TooLarge, "$", $"The body is larger than {limits.MaxCompressedBytes} bytes.");
        }

        if (compressed.Length < 2 || compressed.Span[0] != 0x1f || compressed.Span[1] != 0x8b)
        {
            throw new ReportFormatException(ReportErrorKind.Malformed, "$", "The body is not gzip data.");
        }

        using var input = AsStream(compressed);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        // Fixed-size chunks rather than a doubling buffer: memory stays proportional to what was really inflated.
        var chunks = new List<byte[]>();
        long total = 0;
        try
        {
            while (true)
            {
                var chunk = new byte[ChunkSize];
                var filled = 0;
                int read;
                while (filled < chunk.Length && (read = gzip.Read(chunk, filled, chunk.Length - filled)) > 0)
                {
                    filled += read;
                }

                total += filled;
                if (total > limits.MaxDecompressedBytes)
                {
                    throw new ReportFormatException(ReportErrorKind.TooLarge, "$", $"The report decompresses to more than {limits.MaxDecompressedBytes} bytes.");
                }

                chunks.Add(filled == chunk.Length ? chunk : chunk[..filled]);
                if (filled < chunk.Length)
                {
                    break;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ReportFormatException(ReportErrorKind.Malformed, "$", "The gzip data is corrupt or truncated.", ex);
        }

        var json = new byte[total];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(json, offset);
            offset += chunk.Length;
        }

        return json;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);

    /// <summary>Returns JSON bytes for a body, decompressing when it starts with the gzip magic bytes.</summary>
    /// <remarks>Some senders label gzip as JSON and the reverse; the content decides, the label only gates entry.</remarks>
    public static byte[] ToJson(ReadOnlyMemory<byte> body, ReportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (body.Length >= 2 && body.Span[0] == 0x1f && body.Span[1] == 0x8b)
        {
            return Gunzip(body, limits);
        }

        if (body.Length > limits.MaxDecompressedBytes || body.Length > limits.MaxCompressedBytes)
        {
            throw new ReportFormatException(ReportErrorKind.TooLarge, "$", $"The body is larger than {limits.MaxCompressedBytes} bytes.");
        }

        return body.ToArray();
    }
}
