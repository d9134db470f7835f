using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TlsRptPlatform.Api.Imports;

/// <summary>The directory where uploads wait for their job: one file per job, deleted when the job ends.</summary>
public sealed partial class ImportSpool(IOptions<ImportOptions> options, IConfiguration configuration, TimeProvider time, ILogger<ImportSpool> logger)
{
    /// <summary>Uploads older than this are left over from a process that died; no job can still want them.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromDays(1);

    public string Directory { get; } = options.Value.SpoolDirectory
        ?? Path.Combine(configuration["Platform:DataDirectory"] ?? "data", "imports");

    public string PathOf(string jobId)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Path.Combine(Directory, jobId + ".upload");
    }

    public void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            LogDeleteFailed(logger, ex, path);
        }
    }

    /// <summary>Deletes uploads a crashed process left behind. Only old ones: other processes may share the directory.</summary>
    public void DeleteAbandoned()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*.upload"))
        {
            if (file.LastWriteTimeUtc < time.GetUtcNow().UtcDateTime - AbandonedAfter)
            {
                Delete(file.FullName);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import upload {Path} could not be deleted")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string path);
}
