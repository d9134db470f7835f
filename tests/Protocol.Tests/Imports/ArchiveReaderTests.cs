using System.IO.Compression;
using System.Text;
using TlsRptPlatform.Protocol.Imports;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Tests.Imports;

public class ArchiveReaderTests
{
    private static readonly ArchiveLimits Limits = new(new ReportLimits { MaxCompressedBytes = 1024, MaxDecompressedBytes = 4096 }, MaxMessageBytes: 2048, MaxItems: 10);

    [Fact]
    public void An_mbox_is_split_into_its_messages_with_quoted_from_lines_left_in_the_body()
    {
        const string mbox = "From a@example.com Mon Jan  5 00:00:00 2026\nMessage-Id: <one@example.com>\nSubject: one\n\n>From here on\n\n"
            + "From b@example.com Mon Jan  5 00:00:01 2026\nSubject: two\n\nbody\n";
        using var file = new MemoryStream(Encoding.ASCII.GetBytes(mbox));

        var items = ArchiveReader.Read(file, ImportFormat.Mbox, Limits).ToList();

        Assert.Equal(["message 1 <one@example.com>", "message 2"], items.Select(i => i.Name));
        Assert.Equal(["one", "two"], items.Select(i => i.Message!.Subject));
        Assert.True(items[0].Position < items[1].Position);
        Assert.Equal(mbox.Length, items[1].Position);
    }

    [Fact]
    public void Zip_entries_are_read_only_up_to_their_limit_whatever_their_headers_claim()
    {
        using var file = Zip(
            ("big.json", new byte[4097]), ("fits.json", new byte[4096]), ("big.json.gz", new byte[1025]),
            ("huge.eml", new byte[2049]), ("notes.txt", "hello"u8.ToArray()), ("named-oddly.dat", "{}"u8.ToArray()));

        var items = ArchiveReader.Read(file, ImportFormat.Zip, Limits).ToDictionary(i => i.Name);

        Assert.Equal(ReportErrorKind.TooLarge, items["big.json"].Problem!.Kind);
        Assert.Equal(4096, items["fits.json"].Report!.Length);
        Assert.Equal(ReportErrorKind.TooLarge, items["big.json.gz"].Problem!.Kind);
        Assert.Equal(ReportErrorKind.TooLarge, items["huge.eml"].Problem!.Kind);
        Assert.Contains("Not a report", items["notes.txt"].Problem!.Message, StringComparison.Ordinal);
        Assert.Equal("{}"u8.ToArray(), items["named-oddly.dat"].Report);
    }

    [Fact]
    public void Folders_and_operating_system_clutter_are_skipped_not_refused()
    {
        using var file = Zip(("2025/", []), ("__MACOSX/2025/._a.json", [0, 5]), ("2025/.DS_Store", [1]), ("2025/a.json", "{}"u8.ToArray()));

        var items = ArchiveReader.Read(file, ImportFormat.Zip, Limits).ToList();

        Assert.Equal(["2025/a.json"], items.Select(i => i.Name));
    }

    [Fact]
    public void More_items_than_allowed_or_a_broken_zip_stop_the_whole_archive()
    {
        using var many = Zip(Enumerable.Range(0, 11).Select(i => ($"{i}.json", new byte[1])).ToArray());
        using var broken = new MemoryStream("PK\u0003\u0004 not really a zip"u8.ToArray());

        Assert.Throws<ArchiveFormatException>(() => ArchiveReader.Read(many, ImportFormat.Zip, Limits).ToList());
        Assert.Throws<ArchiveFormatException>(() => ArchiveReader.Read(broken, ImportFormat.Zip, Limits).ToList());
    }

    [Fact]
    public void One_report_is_one_item_and_a_too_large_one_is_refused_not_read()
    {
        using var report = new MemoryStream("{\"a\":1}"u8.ToArray());
        using var large = new MemoryStream(new byte[4097]);

        Assert.Equal("{\"a\":1}"u8.ToArray(), ArchiveReader.Read(report, ImportFormat.Report, Limits).Single().Report);
        Assert.Equal(ReportErrorKind.TooLarge, ArchiveReader.Read(large, ImportFormat.Report, Limits).Single().Problem!.Kind);
    }

    private static MemoryStream Zip(params (string Name, byte[] Data)[] entries)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(data);
            }
        }

        output.Position = 0;
        return output;
    }
}
