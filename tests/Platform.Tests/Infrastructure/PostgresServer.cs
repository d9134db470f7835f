using System.Diagnostics;
using Npgsql;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server for this test run: initdb into a temporary directory, loopback only, a free port,
/// stopped when the test process exits. Every fixture gets a database of its own.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _directory;
    private readonly string _binaries;
    private int _databases;

    private PostgresServer(string binaries, string directory, int port)
    {
        _binaries = binaries;
        _directory = directory;
        Port = port;
    }

    public static PostgresServer Instance => Shared.Value;

    public int Port { get; }

    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"tlsrpt_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50";

    private static PostgresServer Start()
    {
        var binaries = FindBinaries();
        var directory = Path.Combine(Path.GetTempPath(), $"tlsrpt-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var port = FreePort.Next();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root: the server runs as the postgres system user from the package.
            Run("chown", $"postgres:postgres {directory}");
        }

        var server = new PostgresServer(binaries, directory, port);
        server.RunPg("initdb", $"-D {directory}/data -U postgres --auth=trust -E UTF8 --no-sync", asRoot);
        server.RunPg("pg_ctl", $"-D {directory}/data -l {directory}/server.log -w -t 60 -o \"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot);
        return server;
    }

    private void Stop(bool asRoot)
    {
        try
        {
            RunPg("pg_ctl", $"-D {_directory}/data -m immediate stop", asRoot);
            Directory.Delete(_directory, recursive: true);
        }
        catch (InvalidOperationException)
        {
            // Best effort at process exit; the directory is in the temp folder.
        }
    }

    private void RunPg(string tool, string arguments, bool asRoot)
    {
        var path = Path.Combine(_binaries, tool);
        if (asRoot)
        {
            Run("runuser", $"-u postgres -- {path} {arguments}");
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static string FindBinaries()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PG_BIN");
        var candidates = (fromEnvironment is null ? [] : new[] { fromEnvironment })
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them with 'apt-get install postgresql' " +
                "or point PG_BIN at the directory that holds them.");
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        }) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stderr} {stdout.Result}");
        }
    }
}
