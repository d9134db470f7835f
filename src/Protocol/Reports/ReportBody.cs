using System.Buffers.Binary;
using System.IO.Compression;

namespace TlsRptPlatform.Protocol.Reports;

/// <summary>Turns a delivered body (gzip or plain JSON, RFC 8460 §5.3) into report JSON within the configured bounds.</summary>
public static class ReportBody
{
    private const int MinimumCapacity = 4 * 1024;

    /// <summary>Deflate's greatest possible expansion (1032:1, RFC 1951's longest match for two bits), with room for headers.</summary>
    private const int MaxDeflateRatio = 1_100;

    /// <summary>Is the body gzip data (RFC 1952 magic bytes)?</summary>
    /// <remarks>Some senders label gzip as JSON and the reverse; the content decides, the label only gates entry.</remarks>
    public static bool IsGzip(ReadOnlySpan<byte> body) => body.Length >= 2 && body[0] == 0x1f && body[1] == 0x8b;

    /// <summary>
    /// The bytes the report JSON will take: a plain body's length, or what a gzip body's trailer (ISIZE, RFC 1952 §2.3.1)
    /// declares. Callers reserve memory for this much before inflating; a body that declares more than the limit is
    /// refused here without inflating a byte.
    /// </summary>
    public static long ExpectedJsonBytes(ReadOnlySpan<byte> body, ReportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        CheckCompressedSize(body.Length, limits);
        if (!IsGzip(body))
        {
            return body.Length;
        }

        // ISIZE is the last member's size modulo 2^32, so the real output is at least this large. A trailer that
        // lies is caught by the inflater's length check at the end of the member.
        var declared = body.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(body[^4..]) : 0;
        if (declared > (long)body.Length * MaxDeflateRatio)
        {
            // No deflate stream expands this far: these last bytes are not a trailer, the body was cut off or mangled.
            throw new ReportFormatException(ReportErrorKind.Malformed, "$", "The gzip data is corrupt or truncated.");
        }

        if (declared > limits.MaxDecompressedBytes)
        {
            throw TooLarge(limits);
        }

        return Math.Max(declared, MinimumCapacity);
    }

    /// <summary>Returns JSON bytes for a body, decompressing when it starts with the gzip magic bytes.</summary>
    /// <param name="account">
    /// Keeps the caller's count of live bytes beyond <see cref="ExpectedJsonBytes"/>: called with a positive count before
    /// a buffer is allocated (a multi-member gzip, or a trailer that understates) — it may throw to stop the inflation
    /// — and with a negative count once the buffer it replaces is garbage.
    /// </param>
    public static byte[] ToJson(ReadOnlyMemory<byte> body, ReportLimits limits, Action<long>? account = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (IsGzip(body.Span))
        {
            return Gunzip(body, limits, account);
        }

        CheckCompressedSize(body.Length, limits);
        if (body.Length > limits.MaxDecompressedBytes)
        {
            throw TooLarge(limits);
        }

        // The caller's array is returned as it is when the body is one: a plain report is not copied again.
        return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment)
            && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : body.ToArray();
    }

    /// <summary>Decompresses a gzip body as a stream, stopping as soon as the output would pass the limit.</summary>
    /// <remarks>
    /// The output buffer starts at the size the trailer declares, so an honest body is inflated into one allocation
    /// of exactly its size; a gzip bomb costs at most <see cref="ReportLimits.MaxDecompressedBytes"/> of memory.
    /// </remarks>
    public static byte[] Gunzip(ReadOnlyMemory<byte> compressed, ReportLimits limits, Action<long>? account = null)
    {
        var expected = ExpectedJsonBytes(compressed.Span, limits);
        if (!IsGzip(compressed.Span))
        {
            throw new ReportFormatException(ReportErrorKind.Malformed, "$", "The body is not gzip data.");
        }

        using var input = AsStream(compressed);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        var buffer = new byte[expected];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // Probe for one more byte before growing, so an exact-size buffer is not doubled for nothing.
                    var next = gzip.ReadByte();
                    if (next < 0)
                    {
                        break;
                    }

                    buffer = Grow(buffer, limits, account);
                    buffer[filled++] = (byte)next;
                }

                var read = gzip.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ReportFormatException(ReportErrorKind.Malformed, "$", "The gzip data is corrupt or truncated.", ex);
        }

        if (filled == buffer.Length)
        {
            return buffer;
        }

        account?.Invoke(filled);
        var json = buffer[..filled];
        account?.Invoke(-buffer.LongLength);
        return json;
    }

    private static byte[] Grow(byte[] buffer, ReportLimits limits, Action<long>? account)
    {
        if (buffer.LongLength >= limits.MaxDecompressedBytes)
        {
            throw TooLarge(limits);
        }

        var size = Math.Min(Math.Max(buffer.LongLength * 2, MinimumCapacity), limits.MaxDecompressedBytes);
        account?.Invoke(size);
        var larger = new byte[size];
        buffer.CopyTo(larger, 0);
        account?.Invoke(-buffer.LongLength);
        return larger;
    }

    private static void CheckCompressedSize(long length, ReportLimits limits)
    {
        if (length > limits.MaxCompressedBytes)
        {
            throw new ReportFormatException(ReportErrorKind.TooLarge, "$", $"The body is larger than {limits.MaxCompressedBytes} bytes.");
        }
    }

    private static ReportFormatException TooLarge(ReportLimits limits) =>
        new(ReportErrorKind.TooLarge, "$", $"The report decompresses to more than {limits.MaxDecompressedBytes} bytes.");

    private static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
}
