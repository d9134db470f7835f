using System.Globalization;

namespace TlsRptPlatform.Soak;

/// <summary>The platform process's resident memory and open file descriptors, read from /proc.</summary>
internal sealed record ProcessSample(TimeSpan At, long RssKiB, int OpenFiles)
{
    public static ProcessSample Read(int pid, TimeSpan at)
    {
        var rss = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new ProcessSample(at, kib, Directory.GetFiles($"/proc/{pid}/fd").Length);
    }
}
