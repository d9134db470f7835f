using System.IO.Compression;
using System.Text;
using MimeKit;

namespace TlsRptPlatform.Protocol.Tests.Mail;

/// <summary>
/// Mutations of a report e-mail for the fuzzers: blind byte edits, and edits that know MIME (headers dropped, duplicated
/// or huge, boundaries broken, parts nested, retyped, multiplied or filled with garbage, the report inside damaged).
/// Everything is drawn from the given <see cref="Random"/>, so a seed replays a run exactly.
/// </summary>
internal sealed class MailMutator(Random random)
{
    private static readonly string[] PartTypes =
    [
        "text/plain", "application/tlsrpt+gzip", "application/tlsrpt+json", "application/tlsrpt", "application/gzip", "application/json",
        "application/octet-stream", "message/rfc822", "message/global", "text/rfc822-headers", "application/pkcs7-mime",
    ];

    private static readonly string[] Fields = ["Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "MIME-Version", "TLS-Report-Submitter"];

    // Values MimeKit's model would not let us set, as a careless or hostile sender writes them.
    private static readonly string[] OddValues =
    [
        "multipart/report; report-type=tlsrpt", "multipart/mixed", "multipart/mixed; boundary=\"\"", "multipart/alternative; boundary=x",
        "message/rfc822", "application/", "/", ";;;", "application/tlsrpt+gzip; name=\"", "application/tlsrpt+gzip; charset=x-unknown",
        "application/x-gzip; name*=x-unknown''%FF%FE.json.gz", "application/json; name*0*=utf-8''a; name*2=b.json",
        "base64", "quoted-printable", "x-uuencode", "binary", "x-unknown", "", "attachment; filename*=x-unknown'en'%FF%FE.json.gz",
        "attachment; filename*=utf-8''%E2%28%A1.json", "attachment; filename=\"", "attachment; filename=a.gz; filename=b.json",
        "inline; filename*0=a; filename*2=b.gz", "=?x-unknown?B?AAAA?=", "=?utf-8?Q?=FF=FE?=", "1.0 (garbage",
    ];

    /// <summary>One to five blind edits of the raw message bytes.</summary>
    public byte[] MutateBytes(byte[] input)
    {
        var bytes = input.ToList();
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.Insert(at, "-\r\n:;=\"\0\xff"u8[random.Next(9)]); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                case 4: bytes.RemoveRange(at, Math.Min(random.Next(1, 200), bytes.Count - at)); break;
                default: bytes.InsertRange(at, bytes.Skip(random.Next(bytes.Count)).Take(random.Next(1, 200)).ToList()); break;
            }
        }

        return [.. bytes];
    }

    /// <summary>
    /// One to three MIME-aware edits, on the object model (parts nested, multiplied, retyped, emptied or damaged) or on the
    /// written text (header lines dropped, repeated, given odd or huge values, which MimeKit's model would refuse to
    /// hold), then sometimes a broken boundary or a cut.
    /// </summary>
    public byte[] MutateStructure(byte[] original)
    {
        using var message = MimeMessage.Load(new MemoryStream(original));
        var edits = random.Next(1, 4);
        var headerEdits = 0;
        for (var e = 0; e < edits; e++)
        {
            if (random.Next(2) == 0)
            {
                headerEdits++;
            }
            else
            {
                Edit(message);
            }
        }

        var text = Encoding.Latin1.GetString(Serialize(message));
        for (var e = 0; e < headerEdits; e++)
        {
            text = EditHeader(text);
        }

        var bytes = Encoding.Latin1.GetBytes(text);
        return random.Next(4) switch
        {
            0 => BreakBoundary(bytes),
            1 => bytes[..random.Next(bytes.Length)],
            _ => bytes,
        };
    }

    private void Edit(MimeMessage message)
    {
        var entities = Entities(message);
        var leaves = entities.OfType<MimePart>().ToList();
        var leaf = leaves.Count > 0 ? leaves[random.Next(leaves.Count)] : null;
        switch (random.Next(6))
        {
            case 0 when leaf is not null:
                var type = Pick(PartTypes).Split('/');
                leaf.ContentType.MediaType = type[0];
                leaf.ContentType.MediaSubtype = type[1];
                break;
            case 1 when leaf is not null:
                leaf.Content = new MimeContent(new MemoryStream(Base64Garbage()), ContentEncoding.Base64);
                leaf.ContentTransferEncoding = ContentEncoding.Base64;
                break;
            case 2 when leaf is not null:
                leaf.Content = new MimeContent(new MemoryStream(DamagedReport(leaf)));
                leaf.ContentTransferEncoding = ContentEncoding.Base64;
                break;
            case 3:
                message.Body = Nest(message.Body, random.Next(1, 40));
                break;
            case 4 when leaf is not null:
                var container = new Multipart("mixed");
                for (var copies = random.Next(2, 30); copies > 0; copies--)
                {
                    container.Add(Clone(leaf));
                }

                message.Body = container;
                break;
            default:
                message.Body = random.Next(2) == 0 ? leaf ?? message.Body : new TextPart("plain") { Text = "no report" };
                break;
        }
    }

    /// <summary>A header line of the message or of any part, dropped, repeated, or rewritten with an odd or huge value.</summary>
    private string EditHeader(string text)
    {
        var lines = text.Split("\r\n").ToList();
        var headers = Enumerable.Range(0, lines.Count).Where(i => IsHeaderLine(lines[i])).ToList();
        if (headers.Count == 0)
        {
            return text;
        }

        var at = headers[random.Next(headers.Count)];
        var field = lines[at][..lines[at].IndexOf(':', StringComparison.Ordinal)];
        var folded = 1;
        while (at + folded < lines.Count && lines[at + folded] is [' ' or '\t', ..])
        {
            folded++;
        }

        switch (random.Next(4))
        {
            case 0:
                lines.RemoveRange(at, folded);
                break;
            case 1:
                lines.InsertRange(at + folded, lines.GetRange(at, folded));
                break;
            case 2:
                lines.RemoveRange(at, folded);
                lines.Insert(at, $"{Pick(Fields)}: {Pick(OddValues)}");
                break;
            default:
                // Up to 256 KB in one header: a name, a parameter or a subject that no real sender writes.
                var huge = new string((char)random.Next('a', 'z' + 1), random.Next(1, 256 * 1024));
                lines.Insert(at + folded, random.Next(2) == 0 ? $"\t; name=\"{huge}.json.gz\"" : $"\t{huge}");
                break;
        }

        return string.Join("\r\n", lines);
    }

    private static bool IsHeaderLine(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && line[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }

    private static List<MimeEntity> Entities(MimeMessage message)
    {
        var entities = new List<MimeEntity>();
        if (message.Body is not null)
        {
            entities.Add(message.Body);
            entities.AddRange(message.Body is Multipart multipart ? Descendants(multipart) : []);
        }

        return entities.Count > 0 ? entities : [new TextPart("plain")];

        static IEnumerable<MimeEntity> Descendants(Multipart parent)
        {
            foreach (var child in parent)
            {
                yield return child;
                if (child is Multipart nested)
                {
                    foreach (var grandchild in Descendants(nested))
                    {
                        yield return grandchild;
                    }
                }
            }
        }
    }

    private MimeEntity Nest(MimeEntity? body, int depth)
    {
        var inner = body ?? new TextPart("plain") { Text = "empty" };
        for (var level = 0; level < depth; level++)
        {
            var wrapper = random.Next(2) == 0 ? new Multipart("mixed") : new MultipartReport("tlsrpt");
            wrapper.Add(inner);
            inner = wrapper;
        }

        return inner;
    }

    private static MimeEntity Clone(MimePart part)
    {
        using var stream = new MemoryStream();
        part.WriteTo(stream);
        stream.Position = 0;
        return MimeEntity.Load(stream);
    }

    private byte[] Base64Garbage()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n -_*!";
        var text = new char[random.Next(0, 4096)];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = alphabet[random.Next(alphabet.Length)];
        }

        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary>The part's decoded report with its bytes edited, its gzip cut short, or gzip headers on random bytes.</summary>
    private byte[] DamagedReport(MimePart part)
    {
        using var decoded = new MemoryStream();
        part.Content?.DecodeTo(decoded);
        var body = decoded.ToArray();
        var json = body.Length > 2 && body[0] == 0x1f && body[1] == 0x8b ? TryGunzip(body) : body;
        return random.Next(3) switch
        {
            0 => Gzip(MutateBytes(json)),
            1 => Gzip(json)[..random.Next(1, Gzip(json).Length)],
            _ => [0x1f, 0x8b, .. Base64Garbage()],
        };
    }

    private static byte[] TryGunzip(byte[] gz)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return gz;
        }
    }

    private byte[] BreakBoundary(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var marks = new List<int>();
        for (var at = text.IndexOf("\n--", StringComparison.Ordinal); at >= 0; at = text.IndexOf("\n--", at + 1, StringComparison.Ordinal))
        {
            marks.Add(at + 1);
        }

        if (marks.Count == 0)
        {
            return bytes;
        }

        var mark = marks[random.Next(marks.Count)];
        var end = text.IndexOf('\n', mark);
        var line = end < 0 ? text[mark..] : text[mark..end];
        text = random.Next(4) switch
        {
            // The boundary misspelt, removed, repeated in the middle of a part, or its closing dashes dropped.
            0 => text.Remove(mark + random.Next(2, Math.Max(3, line.Length)), 1),
            1 => text.Remove(mark, line.Length),
            2 => text.Insert(random.Next(text.Length), "\r\n" + line.TrimEnd('\r') + "\r\n"),
            _ => line.TrimEnd('\r').EndsWith("--", StringComparison.Ordinal) ? text.Remove(mark + line.TrimEnd('\r').Length - 2, 2) : text,
        };
        return Encoding.Latin1.GetBytes(text);
    }

    private T Pick<T>(IReadOnlyList<T> choices) => choices[random.Next(choices.Count)];

    private static byte[] Serialize(MimeMessage message)
    {
        using var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
