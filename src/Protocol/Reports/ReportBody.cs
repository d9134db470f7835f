using System.IO.Compression;

namespace TlsRptPlatform.Protocol.Reports;

/// <summary>Turns a delivered body (gzip or plain JSON, RFC 8460 §5.3) into report JSON within the configured bounds.</summary>
public static class ReportBody
{
    private const int ChunkSize = 81_920;

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

        using var input = new MemoryStream(compressed.ToArray(), writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[ChunkSize];
        try
        {
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > limits.MaxDecompressedBytes)
                {
                    throw new ReportFormatException(ReportErrorKind.TooLarge, "$", $"The report decompresses to more than {limits.MaxDecompressedBytes} bytes.");
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ReportFormatException(ReportErrorKind.Malformed, "$", "The gzip data is corrupt or truncated.", ex);
        }

        return output.ToArray();
    }

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
