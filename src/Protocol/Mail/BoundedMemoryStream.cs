using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Mail;

/// <summary>A memory stream that refuses to grow past a limit, so a huge attachment is stopped while it is decoded, not after.</summary>
internal sealed class BoundedMemoryStream(long limit, string message) : MemoryStream
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        Check(count);
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Check(buffer.Length);
        base.Write(buffer);
    }

    public override void WriteByte(byte value)
    {
        Check(1);
        base.WriteByte(value);
    }

    private void Check(int count)
    {
        if (Position + count > limit)
        {
            throw new ReportFormatException(ReportErrorKind.TooLarge, "$", message);
        }
    }
}
