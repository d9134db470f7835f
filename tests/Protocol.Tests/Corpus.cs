using System.IO.Compression;
using System.Text;

namespace TlsRptPlatform.Protocol.Tests;

/// <summary>The real reports in <c>../shared/corpus/</c> (relative to the repository root).</summary>
public static class Corpus
{
    public static string Directory { get; } = Locate();

    public static IEnumerable<string> JsonFiles() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static TheoryData<string> JsonFileNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in JsonFiles())
        {
            data.Add(Path.GetRelativePath(Directory, file));
        }

        return data;
    }

    public static byte[] Read(string relative) => File.ReadAllBytes(Path.Combine(Directory, relative));

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static string Text(byte[] data) => Encoding.UTF8.GetString(data);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TlsRptPlatform.sln")))
            {
                var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
                return System.IO.Directory.Exists(corpus)
                    ? corpus
                    : throw new DirectoryNotFoundException($"The report corpus is expected at {corpus} (../shared/corpus beside the checkout).");
            }
        }

        throw new DirectoryNotFoundException("TlsRptPlatform.sln not found above the test directory.");
    }
}
