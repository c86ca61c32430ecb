using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Foyer.Data.Sqlite;

/// <summary>
/// Read connections that keep their prepared statements. Microsoft.Data.Sqlite prepares a command's SQL again for every
/// new command object, and EF makes new ones for every query; for the stream, read on every visit, preparing the query
/// cost as much as running it (bench/Foyer.Bench). Here each pooled connection keeps one command per SQL text, so SQLite
/// parses and plans it once per connection and afterwards only binds and steps.
/// </summary>
/// <remarks>
/// Only for reads outside a transaction: the connections are separate from EF's, carry the same pragmas, and a file
/// database in WAL mode gives each read a consistent snapshot. In-memory databases are not shared between connections,
/// so <see cref="Supports"/> says no for them and the caller reads through EF's connection instead.
/// </remarks>
public sealed class SqlitePreparedReads : IDisposable
{
    /// <summary>Idle connections kept per database; more are opened under load and closed again when returned.</summary>
    public const int MaxIdle = 16;

    private readonly ConcurrentDictionary<string, ConcurrentBag<Lease>> _idle = new(StringComparer.Ordinal);
    private bool _disposed;

    public static bool Supports(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString)) return false;
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) &&
            !builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Runs <paramref name="sql"/> with the parameters on a pooled connection and reads every row of every statement
    /// in it with <paramref name="read"/>.
    /// </summary>
    public async Task<List<T>> ReadAsync<T>(string connectionString, string sql, IReadOnlyList<KeyValuePair<string, object>> parameters,
        Func<SqliteDataReader, T> read, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bag = _idle.GetOrAdd(connectionString, _ => []);
        if (!bag.TryTake(out var lease)) lease = Lease.Open(connectionString);
        var healthy = false;
        try
        {
            var command = lease.CommandFor(sql);
            command.Parameters.Clear();
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            var rows = new List<T>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                // Every statement's rows, in order: a command may hold several SELECTs, each with its own ORDER BY.
                do
                {
                    while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
                }
                while (await reader.NextResultAsync(cancellationToken));
            }
            healthy = true;
            return rows;
        }
        finally
        {
            if (healthy && !_disposed && bag.Count < MaxIdle) bag.Add(lease);
            else lease.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var bag in _idle.Values)
        {
            while (bag.TryTake(out var lease)) lease.Dispose();
        }
    }

    private sealed class Lease : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        private Lease(SqliteConnection connection) => _connection = connection;

        public static Lease Open(string connectionString)
        {
            SqliteSetup.ConfigureEngine();
            var connection = new SqliteConnection(connectionString);
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = SqlitePragmaInterceptor.Pragmas;
                pragmas.ExecuteNonQuery();
            }
            // Query planner stability: without it SQLite marks a statement whose plan could depend on a bound value
            // (a LIMIT parameter since 3.46, a LIKE pattern) as expired whenever that value is bound again, and every
            // execution parses and plans the SQL anew: the cache above then saves nothing. The plans of these reads do
            // not depend on the values (the bench prints them), so the first plan is kept.
            var rc = SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_ENABLE_QPSG, 1, out _);
            if (rc != SQLitePCL.raw.SQLITE_OK) throw new InvalidOperationException($"SQLite refused the query planner stability guarantee ({rc}).");
            return new Lease(connection);
        }

        public SqliteCommand CommandFor(string sql)
        {
            if (_commands.TryGetValue(sql, out var command)) return command;
            command = _connection.CreateCommand();
            command.CommandText = sql;
            // A handful of shapes per query (scope, cursor, viewer kind); a runaway caller must not grow this without end.
            if (_commands.Count >= 64)
            {
                foreach (var old in _commands.Values) old.Dispose();
                _commands.Clear();
            }
            _commands[sql] = command;
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values) command.Dispose();
            _commands.Clear();
            _connection.Dispose();
        }
    }
}
