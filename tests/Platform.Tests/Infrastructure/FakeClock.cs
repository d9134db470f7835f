using System.Globalization;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A clock for outside programs, through Debian's libfaketime (package <c>faketime</c>): a process started with
/// <see cref="Environment"/> sees real time plus the offset in a file that it re-reads on every call, so a test can move
/// a running program to just before or just after midnight without waiting for midnight.
/// </summary>
public sealed class FakeClock
{
    private readonly string _file;

    public FakeClock(string directory)
    {
        _ = Library;
        _file = Path.Combine(directory, "faketime");
        Set(DateTimeOffset.UtcNow);
    }

    /// <summary>What a process needs in its environment to run on this clock (its children inherit it).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["LD_PRELOAD"] = Library,
        ["FAKETIME_TIMESTAMP_FILE"] = _file,
        // Without this, libfaketime caches the file for 10 seconds and a move would arrive late.
        ["FAKETIME_NO_CACHE"] = "1",
    };

    // Lazy rather than a static initializer, so that a missing package fails with its own message, not a
    // TypeInitializationException around it.
    private static readonly Lazy<string> LibraryPath = new(Locate);

    private static string Library => LibraryPath.Value;

    /// <summary>From now on, the clock's processes see <paramref name="now"/> (and time runs on from there).</summary>
    public void Set(DateTimeOffset now)
    {
        var offset = (long)Math.Round((now - DateTimeOffset.UtcNow).TotalSeconds);
        // Written aside and renamed: a process reading mid-write must see the old offset or the new one, never half.
        var next = _file + ".next";
        File.WriteAllText(next, offset.ToString("+0;-0", CultureInfo.InvariantCulture) + "\n");
        File.Move(next, _file, overwrite: true);
    }

    private static string Locate()
    {
        var found = Directory.Exists("/usr/lib")
            ? Directory.EnumerateDirectories("/usr/lib")
                .Select(d => Path.Combine(d, "faketime", "libfaketime.so.1"))
                .Append("/usr/lib/faketime/libfaketime.so.1")
                .FirstOrDefault(File.Exists)
            : null;
        return found ?? throw new InvalidOperationException(
            "libfaketime was not found (/usr/lib/<arch>/faketime/libfaketime.so.1). Install it with 'apt-get install faketime' (tools/test-prerequisites.sh does).");
    }
}
