using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Foyer.Data.Sqlite;

public static class SqliteSetup
{
    public static DbContextOptionsBuilder UseFoyerSqlite(this DbContextOptionsBuilder options, string connectionString)
    {
        ConfigureEngine();
        return options
            .UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(SqliteSetup).Assembly.GetName().Name))
            .AddInterceptors(SqlitePragmaInterceptor.Instance);
    }

    private const int SqliteConfigMultiThread = 2;
    private const int SqliteConfigMemStatus = 9;
    private static int _engineConfigured;

    /// <summary>
    /// Process-wide SQLite settings, applied before the first connection opens. Memory statistics are switched off:
    /// with them every allocation of every connection takes one global mutex, and concurrent readers spend more time
    /// waiting for it than reading (measured: half the CPU per stream query with 16 connections on 2 cores). SQLite's
    /// own documentation recommends SQLITE_DEFAULT_MEMSTATUS=0 for speed. Once the engine is initialised (a connection
    /// was opened earlier in this process) the setting cannot change; SQLite then answers "misuse" and keeps working as
    /// before, so the result is only logged by the caller's absence of a speed-up, never an error.
    /// </summary>
    public static void ConfigureEngine()
    {
        if (Interlocked.Exchange(ref _engineConfigured, 1) == 1) return;
        SQLitePCL.Batteries_V2.Init();
        // Multi-thread rather than serialized mode: a connection is never used by two threads at once here (EF's
        // contexts are not shared, Microsoft.Data.Sqlite's pool and SqlitePreparedReads lend a connection to one caller
        // at a time), so SQLite's per-connection mutex only cost a lock and an unlock around every call, and reading a
        // page of the stream makes hundreds of them (one per column per row). Same "misuse" rule as below.
        _ = SQLitePCL.raw.sqlite3_config(SqliteConfigMultiThread);
        _ = SQLitePCL.raw.sqlite3_config(SqliteConfigMemStatus, 0);
    }

    /// <summary>Makes sure the folder of the database file exists before SQLite tries to create the file.</summary>
    public static void EnsureDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:") return;
        var dir = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    }
}

/// <summary>
/// Every connection gets the pragmas that make SQLite a production database: WAL so readers never wait for the
/// writer, a busy timeout instead of "database is locked", foreign keys enforced, and reads through a memory map of up
/// to 2 GiB, SQLite's largest (pages come from the OS cache without a read() call and a copy each: with 256 MiB a
/// search over a million documents spent a fifth of its CPU in the kernel copying pages). The map is address space,
/// not memory: the OS cache holds the pages either way. The search's rank function (<see cref="SqliteSearchRank"/>) is
/// registered with them.
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly SqlitePragmaInterceptor Instance = new();
    public const string Pragmas =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=2147418112;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // Pooled connections are opened again and again; the pragmas belong to the physical connection, once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Prepared = [];

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            if (Prepared.TryGetValue(handle, out _)) return;
            Prepared.AddOrUpdate(handle, handle);
        }
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        cmd.ExecuteNonQuery();
        if (connection is SqliteConnection sqlite) SqliteSearchRank.Register(sqlite);
    }
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<FoyerDbContext>
{
    public FoyerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<FoyerDbContext>().UseFoyerSqlite("Data Source=design.db");
        return new FoyerDbContext((DbContextOptions<FoyerDbContext>)options.Options);
    }
}
