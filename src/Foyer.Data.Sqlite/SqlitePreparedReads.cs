using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Foyer.Data.Sqlite;

/// <summary>
/// Read connections that keep their prepared statements. Microsoft.Data.Sqlite prepares a command's SQL again for every
/// new command object, and EF makes new ones for every query; for the stream, read on every visit, preparing the query
/// cost as much as running it (bench/Foyer.Bench). Here each pooled connection keeps its statements per SQL text
/// (<see cref="PreparedSql"/>), so SQLite parses and plans it once per connection and afterwards only binds and steps,
/// and the rows are read by <see cref="SqliteStatementReader"/>, straight from SQLite without a SafeHandle per column.
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

    /// <summary>SQL texts whose statements a connection keeps prepared.</summary>
    public const int MaxKept = 64;

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
    /// in it with <paramref name="read"/>. <paramref name="keep"/> false: the SQL is a one-off (ids written into it), so
    /// its statements are finalised after the read instead of taking a place among the kept ones.
    /// </summary>
    public Task<List<T>> ReadAsync<T>(string connectionString, string sql, IReadOnlyList<KeyValuePair<string, object>> parameters,
        Func<DbDataReader, T> read, bool keep = true, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var bag = _idle.GetOrAdd(connectionString, _ => []);
        if (!bag.TryTake(out var lease)) lease = Lease.Open(connectionString);
        var healthy = false;
        try
        {
            var rows = new List<T>();
            var statements = keep ? lease.StatementsFor(sql) : lease.OneOff(sql);
            try
            {
                // SQLite reads synchronously (its "async" methods run on the calling thread too): no state machine here.
                using var reader = statements.Execute(parameters);
                // Every statement's rows, in order: a command may hold several SELECTs, each with its own ORDER BY.
                do
                {
                    while (reader.Read()) rows.Add(read(reader));
                }
                while (reader.NextResult());
            }
            finally
            {
                if (!keep) statements.Dispose();
            }
            healthy = true;
            return Task.FromResult(rows);
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
        /// <summary>Statements kept, with when each was last used (for dropping the least recently used one).</summary>
        private readonly Dictionary<string, (PreparedSql Statements, long Used)> _statements = new(StringComparer.Ordinal);
        private long _uses;

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
            SqliteSearchRank.Register(connection);
            return new Lease(connection);
        }

        public PreparedSql StatementsFor(string sql)
        {
            _uses++;
            if (_statements.TryGetValue(sql, out var kept))
            {
                _statements[sql] = (kept.Statements, _uses);
                return kept.Statements;
            }
            // A handful of shapes per query (scope, cursor, viewer kind, a searcher's spaces); a runaway caller must not
            // grow this without end: the least recently used goes, so the stream's statements stay while searches come and go.
            if (_statements.Count >= MaxKept)
            {
                var oldest = _statements.MinBy(e => e.Value.Used);
                oldest.Value.Statements.Dispose();
                _statements.Remove(oldest.Key);
            }
            var prepared = PreparedSql.Prepare(_connection, sql);
            _statements[sql] = (prepared, _uses);
            return prepared;
        }

        /// <summary>Statements for one read only; the caller finalises them.</summary>
        public PreparedSql OneOff(string sql) => PreparedSql.Prepare(_connection, sql);

        public void Dispose()
        {
            // Statements first: a connection closed with statements still open would linger as a zombie until they go.
            foreach (var (prepared, _) in _statements.Values) prepared.Dispose();
            _statements.Clear();
            _connection.Dispose();
        }
    }
}
