using System.Diagnostics;
using Npgsql;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server: initdb into a temporary directory, loopback only, a free port, stopped when the test
/// process exits. <see cref="Instance"/> is shared by the test run (every fixture gets a database of its own); a fixture
/// that takes its store down to test an outage starts one of its own with <see cref="StartPrivate"/>.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _directory;
    private readonly string _binaries;
    private readonly bool _asRoot = Environment.UserName == "root";
    private int _databases;
    private bool _disposed;

    private PostgresServer(string binaries, string directory, int port)
    {
        _binaries = binaries;
        _directory = directory;
        Port = port;
    }

    public static PostgresServer Instance => Shared.Value;

    /// <summary>A server of the caller's own, which it may stop and start again without disturbing other tests.</summary>
    public static PostgresServer StartPrivate() => Start();

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

    /// <summary>Shuts the server down ("fast": sessions are ended, new connections refused), as an outage would.</summary>
    public void Stop() => RunPg("pg_ctl", $"-D {_directory}/data -m fast -w stop");

    /// <summary>Starts the server again on the same port and data.</summary>
    public void Resume() => RunPg("pg_ctl", $"-D {_directory}/data -l {_directory}/server.log -w -t 60 -o \"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start");

    /// <summary>
    /// A streaming-replication standby of <paramref name="primary"/> (pg_basebackup -R), connected under
    /// <paramref name="name"/> as its application name, so that the primary can list it in <c>synchronous_standby_names</c>.
    /// </summary>
    public static PostgresServer StartStandbyOf(PostgresServer primary, string name)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var server = Prepare();
        server.RunPg("pg_basebackup", $"-h 127.0.0.1 -p {primary.Port} -U postgres -D {server._directory}/data -R -X stream -c fast -d application_name={name}");
        server.Resume();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    /// <summary>Turns a standby into a primary, as an operator or a failover manager does when the primary is lost.</summary>
    public void Promote() => RunPg("pg_ctl", $"-D {_directory}/data -w promote");

    /// <summary>Stops the server at once, without a checkpoint: the closest pg_ctl comes to pulling the plug.</summary>
    public void Kill() => RunPg("pg_ctl", $"-D {_directory}/data -m immediate stop");

    /// <summary>Runs one statement in the <c>postgres</c> database (server settings, replication state).</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            RunPg("pg_ctl", $"-D {_directory}/data -m immediate stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped (a test that took it down and failed before resuming it).
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the directory is in the temp folder.
        }
    }

    private static PostgresServer Start()
    {
        var server = Prepare();
        server.RunPg("initdb", $"-D {server._directory}/data -U postgres --auth=trust -E UTF8 --no-sync");
        server.Resume();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    /// <summary>A directory and a port for a new server, owned by the user the server will run as.</summary>
    private static PostgresServer Prepare()
    {
        var binaries = FindBinaries();
        var directory = Path.Combine(Path.GetTempPath(), $"tlsrpt-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var server = new PostgresServer(binaries, directory, FreePort.Next());
        if (server._asRoot)
        {
            // initdb refuses to run as root: the server runs as the postgres system user from the package.
            Run("chown", $"postgres:postgres {directory}");
        }

        return server;
    }

    private void RunPg(string tool, string arguments)
    {
        var path = Path.Combine(_binaries, tool);
        if (_asRoot)
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
