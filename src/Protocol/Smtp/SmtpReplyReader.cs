using System.Globalization;
using System.Text;

namespace TlsRptPlatform.Protocol.Smtp;

/// <summary>
/// Reads SMTP replies from a server we do not control, bounded in bytes: a line of at most
/// <see cref="MaxLineBytes"/> (RFC 5321 §4.5.3.1.5 allows 512 with CRLF), a reply of at most <see cref="MaxLines"/>
/// lines and <see cref="MaxReplyBytes"/>. Reads in chunks but never past what the caller may need to hand to TLS: after
/// STARTTLS, <see cref="HasBufferedInput"/> tells whether the server sent bytes it must not have sent yet (RFC 3207 §5,
/// the command-injection problem of CVE-2011-0411).
/// </summary>
public sealed class SmtpReplyReader(Stream stream)
{
    public const int MaxLineBytes = 512;
    public const int MaxLines = 64;
    public const int MaxReplyBytes = 16 * 1024;

    private readonly byte[] _buffer = new byte[MaxLineBytes];
    private int _start;
    private int _end;

    public bool HasBufferedInput => _end > _start;

    public async Task<SmtpReply> ReadAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var total = 0;
        var code = -1;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            total += line.Length + 2;
            if (lines.Count >= MaxLines || total > MaxReplyBytes)
            {
                throw new SmtpReplyException($"The reply is longer than {MaxLines} lines or {MaxReplyBytes} bytes.");
            }

            // RFC 5321 §4.2: "ddd-text" continues the reply, "ddd text" (or "ddd") ends it; every line has the same code.
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var lineCode)
                || lineCode < 200 || lineCode > 599 || (line.Length > 3 && line[3] is not (' ' or '-')) || (code >= 0 && lineCode != code))
            {
                throw new SmtpReplyException($"Not an SMTP reply line: '{Printable(line)}'.");
            }

            code = lineCode;
            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                var line = Encoding.Latin1.GetString(_buffer, _start, length > 0 && _buffer[newline - 1] == '\r' ? length - 1 : length);
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new SmtpReplyException($"A reply line is longer than {MaxLineBytes} bytes.");
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new SmtpReplyException("The server closed the connection in the middle of a reply.");
            }

            _end += read;
        }
    }

    private static string Printable(string line) =>
        new(line.Take(80).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
