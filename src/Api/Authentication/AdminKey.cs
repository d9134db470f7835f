using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Authentication;

/// <summary>
/// The operator's key for creating tenants. Configured through <c>Platform:AdminApiKey</c>; otherwise generated on
/// first start, printed once to the console (never to the log), and kept only as a hash in the data directory.
/// </summary>
public sealed class AdminKey
{
    public const string FileName = "admin-api-key.sha256";
    private readonly byte[] _hash;

    public AdminKey(IOptions<PlatformOptions> options, TextWriter? console = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        if (!string.IsNullOrWhiteSpace(value.AdminApiKey))
        {
            _hash = Encoding.ASCII.GetBytes(ApiKeys.Hash(value.AdminApiKey));
            return;
        }

        var file = Path.Combine(Path.GetFullPath(value.DataDirectory), FileName);
        if (!File.Exists(file))
        {
            var key = ApiKeys.Generate();
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, ApiKeys.Hash(key));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            (console ?? Console.Out).WriteLine(
                $"""
                 ================================================================
                 Generated admin API key (shown once; only its hash is kept in {file}):
                     {key}
                 Delete that file and restart to generate a new one.
                 ================================================================
                 """);
        }

        _hash = Encoding.ASCII.GetBytes(File.ReadAllText(file).Trim());
    }

    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ApiKeys.Hash(presented)), _hash);
}
