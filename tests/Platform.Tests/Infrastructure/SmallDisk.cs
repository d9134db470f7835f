using System.Diagnostics;
using System.Globalization;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A small tmpfs mounted for one test, so that a disk can really fill up (ENOSPC) without touching the machine's own
/// disks. Mounting needs root (CAP_SYS_ADMIN), as the test machines and CI have.
/// </summary>
public sealed class SmallDisk : IAsyncDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static async Task<SmallDisk> MountAsync(int megabytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tlsrpt-disk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        var (code, error) = await RunAsync("mount", "-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={megabytes}m,mode=0777"), "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"Could not mount a {megabytes} MiB tmpfs at {path} (the disk-full test needs root, as on CI): {error}");
        }

        return new SmallDisk(path);
    }

    /// <summary>Writes a file until the disk is full; deleting it gives the space back.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[64 * 1024];
        using var file = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            return filler;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("umount", "--lazy", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static async Task<(int Code, string Error)> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, error.Trim());
    }
}
