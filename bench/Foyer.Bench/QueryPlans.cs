using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Foyer.Data;
using Foyer.Data.Sqlite;
using Foyer.Web.Features.Stream;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using static System.FormattableString;

namespace Foyer.Bench;

internal sealed record CapturedParameter(string Name, object? Value, SqliteType? Type);

internal sealed record CapturedCommand(string Label, string Sql, IReadOnlyList<CapturedParameter> Parameters);

internal sealed record PlanFlag(string Query, string Line, double MeanMicroseconds);

internal sealed record QueryTiming(string Query, double MeanMicroseconds, int Rows);

/// <summary>Records every SQL command EF sends, with its parameters, under the label of the step that sent it.</summary>
internal sealed class CommandCapture : DbCommandInterceptor
{
    private readonly Queue<string> _labels = new();
    private string _group = "";
    private int _index;

    public List<CapturedCommand> Commands { get; } = [];

    /// <summary>The next commands are named, in order, by these labels (then "group #n").</summary>
    public void Begin(string group, params string[] labels)
    {
        _group = group;
        _index = 0;
        _labels.Clear();
        foreach (var l in labels)
        {
            _labels.Enqueue(l);
        }
    }

    private void Record(DbCommand command)
    {
        _index++;
        var label = _labels.TryDequeue(out var l) ? $"{_group}: {l}" : $"{_group} #{_index}";
        var parameters = command.Parameters.Cast<DbParameter>()
            .Select(p => new CapturedParameter(p.ParameterName, p.Value, (p as SqliteParameter)?.SqliteType)).ToList();
        Commands.Add(new CapturedCommand(label, command.CommandText, parameters));
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }
}

/// <summary>
/// Runs the app's own read paths (CurrentViewer, StreamQuery.PageAsync over AudienceFilter.VisibleTo, ComposerView with
/// AudienceSummary.ForManyAsync) against the bench database, captures the SQL EF generates, and prints EXPLAIN QUERY PLAN
/// for each with the same parameters bound, using the SQLite that the app bundles. Also times each query on a raw
/// connection, so a flagged plan can be told apart from a harmless one.
/// </summary>
internal static class QueryPlans
{
    public static async Task<(List<PlanFlag> Flags, List<QueryTiming> Timings)> PrintAsync(string dbPath, DatasetFacts facts, int pageSize)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = dbPath }.ToString();
        var capture = new CommandCapture();
        var options = new DbContextOptionsBuilder<FoyerDbContext>();
        options.UseFoyerSqlite(cs).AddInterceptors(capture);
        await using (var db = new FoyerDbContext(options.Options))
        {
            capture.Begin("viewer load (CurrentViewer)", "user");
            var principal = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, facts.ViewerId.ToString(CultureInfo.InvariantCulture))], "bench"));
            var accessor = new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = principal } };
            using var memory = new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions());
            var cache = new AudienceCache(memory);
            var viewer = await new CurrentViewer(accessor, db, cache).GetAsync();
            if (viewer.IsAnonymous) throw new InvalidOperationException("viewer not found");

            capture.Begin("stream first page", "page query (with the viewer's likes)");
            var page = await StreamQuery.PageAsync(db, viewer, db.Posts.VisibleTo(viewer), null, pageSize);
            capture.Begin("composer (first page only)", "spaces the viewer can post to", "audience counts (AudienceSummary.ForManyAsync)",
                "organisation head count (ForManyAsync)");
            var composer = await ComposerView.ForViewerAsync(db, cache, viewer);
            capture.Begin("stream deep page", "page query (with the viewer's likes)");
            var deep = await StreamQuery.PageAsync(db, viewer, db.Posts.VisibleTo(viewer), facts.DeepCursor, pageSize);
            Console.WriteLine(Invariant($"App code read: first page {page.Posts.Count} posts (newest #{(page.Posts.Count > 0 ? page.Posts[0].Id : 0)}), deep page {deep.Posts.Count} posts (newest #{(deep.Posts.Count > 0 ? deep.Posts[0].Id : 0)}), composer offers {composer.Spaces.Count} spaces"));
        }
        capture.Commands.Add(new CapturedCommand("baseline: hand-written stream query (first page)", BaselineServer.StreamSql,
            [new CapturedParameter("$before", long.MaxValue, null), new CapturedParameter("$viewer", facts.ViewerId, null)]));
        capture.Commands.Add(new CapturedCommand("baseline: hand-written stream query (deep page)", BaselineServer.StreamSql,
            [new CapturedParameter("$before", facts.DeepCursor, null), new CapturedParameter("$viewer", facts.ViewerId, null)]));

        var flags = new List<PlanFlag>();
        var timings = new List<QueryTiming>();
        await using var conn = new SqliteConnection(cs);
        conn.Open();
        using (var v = conn.CreateCommand())
        {
            v.CommandText = "SELECT sqlite_version()";
            Console.WriteLine($"SQLite {v.ExecuteScalar()} (Microsoft.Data.Sqlite {typeof(SqliteConnection).Assembly.GetName().Version}, the app's bundle)");
        }
        foreach (var c in capture.Commands)
        {
            Console.WriteLine();
            Console.WriteLine($"── {c.Label}");
            foreach (var line in c.Sql.Split('\n'))
            {
                Console.WriteLine($"   │ {line.TrimEnd()}");
            }
            if (c.Parameters.Count > 0)
            {
                Console.WriteLine("   │ -- " + string.Join(", ", c.Parameters.Select(p => $"{p.Name}={Show(p.Value)}")));
            }
            var (mean, rows) = Time(conn, c);
            timings.Add(new QueryTiming(c.Label, mean, rows));
            var plan = Explain(conn, c);
            var sortsOrTempTrees = plan.Any(p => p.Detail.Contains("USE TEMP B-TREE", StringComparison.Ordinal));
            // "CO-ROUTINE s1" / "MATERIALIZE s1": a later "SCAN s1" reads that subquery's rows, not a table.
            var subqueries = plan.Select(p => p.Detail.Split(' ', 2))
                .Where(w => w.Length == 2 && w[0] is "CO-ROUTINE" or "MATERIALIZE").Select(w => w[1].Trim()).ToHashSet(StringComparer.Ordinal);
            foreach (var (depth, detail) in plan)
            {
                var flag = subqueries.Contains(detail.StartsWith("SCAN ", StringComparison.Ordinal) ? detail[5..].Trim() : "")
                    ? null
                    : Flag(detail, sortsOrTempTrees || !c.Sql.Contains("LIMIT", StringComparison.Ordinal));
                var text = $"{new string(' ', 2 * depth)}{detail}";
                Console.WriteLine(flag is null ? $"     {text}" : $"     FLAG: {text}   <-- {flag}");
                if (flag is not null) flags.Add(new PlanFlag(c.Label, $"{detail} ({flag})", mean));
            }
            Console.WriteLine(Invariant($"     time: {mean,8:F1} µs per execution on a raw connection, {rows} rows"));
        }
        Console.WriteLine();
        static bool In(CapturedCommand c, params string[] groups) => groups.Any(g => c.Label.StartsWith(g, StringComparison.Ordinal));
        TimeConnectionOpen(cs, capture.Commands.Count(c => In(c, "viewer", "stream first page", "composer")),
            capture.Commands.Count(c => In(c, "viewer", "stream deep page")));
        return (flags, timings);
    }

    private static string Show(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A reason to look at this plan line, or null. Scans of a table that use no index, and temp B-trees.</summary>
    private static string? Flag(string detail, bool readsEveryRow)
    {
        if (detail.Contains("USE TEMP B-TREE", StringComparison.Ordinal)) return "sorts/deduplicates in a temp B-tree";
        if (!detail.StartsWith("SCAN ", StringComparison.Ordinal)) return null;
        if (detail.Contains(" USING ", StringComparison.Ordinal) || detail.Contains("VIRTUAL TABLE", StringComparison.Ordinal)
            || detail.Contains("CONSTANT ROW", StringComparison.Ordinal) || detail.StartsWith("SCAN (", StringComparison.Ordinal))
        {
            return null;
        }
        return readsEveryRow
            ? "table scan without index: reads every row"
            : "table scan without index, in rowid order: stops once LIMIT rows matched";
    }

    private static SqliteCommand Bind(SqliteConnection conn, string sql, CapturedCommand c)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in c.Parameters)
        {
            var sp = new SqliteParameter(p.Name, p.Value ?? DBNull.Value);
            if (p.Type is SqliteType t) sp.SqliteType = t;
            cmd.Parameters.Add(sp);
        }
        return cmd;
    }

    private static List<(int Depth, string Detail)> Explain(SqliteConnection conn, CapturedCommand c)
    {
        using var cmd = Bind(conn, "EXPLAIN QUERY PLAN " + c.Sql, c);
        using var r = cmd.ExecuteReader();
        var depthOf = new Dictionary<long, int> { [0] = -1 };
        var lines = new List<(int, string)>();
        while (r.Read())
        {
            var id = r.GetInt64(0);
            var parent = r.GetInt64(1);
            var depth = depthOf.TryGetValue(parent, out var d) ? d + 1 : 0;
            depthOf[id] = depth;
            lines.Add((depth, r.GetString(3)));
        }
        return lines;
    }

    /// <summary>Mean time of one execution (all rows read), after a warmup; at least 50 runs or 300 ms.</summary>
    private static (double MeanMicroseconds, int Rows) Time(SqliteConnection conn, CapturedCommand c)
    {
        using var cmd = Bind(conn, c.Sql, c);
        var rows = 0;
        int Once()
        {
            using var r = cmd.ExecuteReader();
            var n = 0;
            while (r.Read())
            {
                for (var i = 0; i < r.FieldCount; i++)
                {
                    _ = r.GetValue(i);
                }
                n++;
            }
            return n;
        }
        for (var i = 0; i < 5; i++)
        {
            rows = Once();
        }
        var sw = Stopwatch.StartNew();
        var runs = 0;
        while (runs < 50 || (sw.ElapsedMilliseconds < 300 && runs < 5000))
        {
            Once();
            runs++;
            if (sw.ElapsedMilliseconds > 3000) break;
        }
        return (sw.Elapsed.TotalMicroseconds / runs, rows);
    }

    /// <summary>
    /// EF opens and closes the connection for every query, and SqlitePragmaInterceptor runs its PRAGMA batch on every
    /// open: measure what that costs per query, next to a bare pooled open.
    /// </summary>
    private static void TimeConnectionOpen(string cs, int firstPageQueries, int deepPageQueries)
    {
        const string pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA temp_store=MEMORY;";
        double Measure(bool withPragmas)
        {
            const int n = 3000;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                using var conn = new SqliteConnection(cs);
                conn.Open();
                if (withPragmas)
                {
                    using var cmd = conn.CreateCommand();
                    cmd.CommandText = pragmas;
                    cmd.ExecuteNonQuery();
                }
            }
            return sw.Elapsed.TotalMicroseconds / n;
        }
        Measure(true);
        var bare = Measure(false);
        var with = Measure(true);
        Console.WriteLine(Invariant($"Connection open (pooled): {bare:F1} µs bare, {with:F1} µs with SqlitePragmaInterceptor's PRAGMA batch; EF opens once per query ({firstPageQueries} queries on the first page, {deepPageQueries} on a deep page)."));
    }
}
