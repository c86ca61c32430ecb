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
        return options
            .UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(SqliteSetup).Assembly.GetName().Name))
            .AddInterceptors(SqlitePragmaInterceptor.Instance);
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
/// writer, a busy timeout instead of "database is locked", foreign keys enforced.
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly SqlitePragmaInterceptor Instance = new();
    private const string Pragmas =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA temp_store=MEMORY;";

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
