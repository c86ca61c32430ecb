using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Foyer.Data;
using Foyer.Data.Sqlite;
using Foyer.Data.Wiki;
using Foyer.Web.Features.Spaces;
using Foyer.Web.Features.Stream;
using Foyer.Web.Features.Wiki;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using static System.FormattableString;

namespace Foyer.Bench;

internal sealed record CapturedParameter(string Name, object? Value, SqliteType? Type);

internal sealed record CapturedCommand(string Label, string Sql, IReadOnlyList<CapturedParameter> Parameters)
{
    /// <summary>How long the app's own execution took, from sending the command until its reader was disposed (all rows read).</summary>
    public double AppMicroseconds { get; set; } = double.NaN;
}

internal sealed record PlanFlag(string Query, string Line, double MeanMicroseconds);

internal sealed record QueryTiming(string Query, double MeanMicroseconds, int Rows);

/// <summary>Records every SQL command EF sends, with its parameters, under the label of the step that sent it.</summary>
internal sealed class CommandCapture : DbCommandInterceptor
{
    private readonly Queue<string> _labels = new();
    private readonly Dictionary<DbCommand, (CapturedCommand Captured, long Start)> _running = [];
    private string _group = "";
    private int _index;

    public List<CapturedCommand> Commands { get; } = [];

    /// <summary>While paused, commands are neither recorded nor timed.</summary>
    public bool Paused { get; set; }

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
        if (Paused) return;
        _index++;
        var label = _labels.TryDequeue(out var l) ? $"{_group}: {l}" : $"{_group} #{_index}";
        var parameters = command.Parameters.Cast<DbParameter>()
            .Select(p => new CapturedParameter(p.ParameterName, p.Value, (p as SqliteParameter)?.SqliteType)).ToList();
        var captured = new CapturedCommand(label, command.CommandText, parameters);
        Commands.Add(captured);
        _running[command] = (captured, Stopwatch.GetTimestamp());
    }

    /// <summary>Records a command the app builds and runs itself (the hand-written stream query), with the time the app took.</summary>
    public void RecordBuilt((string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) query, TimeSpan appTime)
    {
        using var command = new SqliteCommand(query.Sql);
        foreach (var (name, value) in query.Parameters) command.Parameters.AddWithValue(name, value);
        Record(command);
        if (_running.Remove(command, out var run)) run.Captured.AppMicroseconds = appTime.TotalMicroseconds;
    }

    private void Done(DbCommand command)
    {
        if (_running.Remove(command, out var run)) run.Captured.AppMicroseconds = Stopwatch.GetElapsedTime(run.Start).TotalMicroseconds;
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Done(command);
        return result;
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Done(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Done(command);
        return ValueTask.FromResult(result);
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
/// Runs the app's own read paths (CurrentViewer, StreamQuery.PageAsync with AudienceFilter.PostReadableSql, ComposerView with
/// AudienceSummary.ForManyAsync) against the bench database, captures the SQL EF generates, and prints EXPLAIN QUERY PLAN
/// for each with the same parameters bound, using the SQLite that the app bundles. Also times each query on a raw
/// connection, so a flagged plan can be told apart from a harmless one.
/// </summary>
internal static class QueryPlans
{
    /// <summary>Queries slower than this (10 ms) are flagged whatever their plan looks like.</summary>
    private const double SlowMicroseconds = 10_000;

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

            capture.Begin("stream first page", "page query (hand-written SQL, with the viewer's likes)");
            var started = Stopwatch.GetTimestamp();
            var page = await StreamQuery.PageAsync(db, viewer, StreamScope.All, null, pageSize);
            capture.RecordBuilt(StreamQuery.Sql(viewer, StreamScope.All, null, pageSize), Stopwatch.GetElapsedTime(started));
            capture.Begin("composer (first page only)", "spaces the viewer can post to", "audience counts (AudienceSummary.ForManyAsync)",
                "organisation head count (ForManyAsync)");
            var composer = await ComposerView.ForViewerAsync(db, cache, viewer);
            capture.Begin("stream deep page", "page query (hand-written SQL, with the viewer's likes)");
            started = Stopwatch.GetTimestamp();
            var deep = await StreamQuery.PageAsync(db, viewer, StreamScope.All, facts.DeepCursor, pageSize);
            capture.RecordBuilt(StreamQuery.Sql(viewer, StreamScope.All, facts.DeepCursor, pageSize), Stopwatch.GetElapsedTime(started));
            Console.WriteLine(Invariant($"App code read: first page {page.Posts.Count} posts (newest #{(page.Posts.Count > 0 ? page.Posts[0].Id : 0)}), deep page {deep.Posts.Count} posts (newest #{(deep.Posts.Count > 0 ? deep.Posts[0].Id : 0)}), composer offers {composer.Spaces.Count} spaces"));
            if (facts.Wiki is { } wiki) await ReadWikiAsync(db, capture, viewer, wiki);
        }
        capture.Commands.Add(new CapturedCommand("baseline: hand-written stream query (first page)", BaselineServer.StreamSql,
            [new CapturedParameter("$before", long.MaxValue, null), new CapturedParameter("$viewer", facts.ViewerId, null)]));
        capture.Commands.Add(new CapturedCommand("baseline: hand-written stream query (deep page)", BaselineServer.StreamSql,
            [new CapturedParameter("$before", facts.DeepCursor, null), new CapturedParameter("$viewer", facts.ViewerId, null)]));
        if (facts.Wiki is { } w)
        {
            CapturedParameter P(string name, object value) => new(name, value, null);
            capture.Commands.Add(new CapturedCommand("baseline: hand-written wiki page query", BaselineServer.WikiPageSql,
                [P("$space", w.SpaceSlug), P("$name", w.Slug), P("$viewer", facts.ViewerId)]));
            capture.Commands.Add(new CapturedCommand("baseline: hand-written wiki backlinks query", BaselineServer.BacklinksSql,
                [P("$page", w.PageId), P("$spaceId", w.SpaceId), P("$title", w.NormalizedTitle), P("$viewer", facts.ViewerId)]));
            capture.Commands.Add(new CapturedCommand("baseline: hand-written wiki revisions query (diff)", BaselineServer.WikiRevisionsSql,
                [P("$space", w.SpaceSlug), P("$name", w.Slug), P("$from", 1), P("$to", w.Version), P("$viewer", facts.ViewerId)]));
        }

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
            if (mean > SlowMicroseconds)
            {
                var why = Invariant($"slow: {mean / 1000:F1} ms per execution");
                Console.WriteLine($"     FLAG: {why}");
                flags.Add(new PlanFlag(c.Label, why, mean));
            }
            Console.WriteLine(rows < 0
                ? Invariant($"     time: {mean,8:F1} µs for the app's own execution (over a second: not run again)")
                : Invariant($"     time: {mean,8:F1} µs per execution on a raw connection, {rows} rows"));
        }
        Console.WriteLine();
        static bool In(CapturedCommand c, params string[] groups) => groups.Any(g => c.Label.StartsWith(g, StringComparison.Ordinal));
        TimeConnectionOpen(cs, capture.Commands.Count(c => In(c, "viewer", "stream first page", "composer")),
            capture.Commands.Count(c => In(c, "viewer", "stream deep page")));
        if (facts.Wiki is not null)
        {
            Console.WriteLine(Invariant($"Wiki: {capture.Commands.Count(c => In(c, "wiki page view"))} queries for a page view; a diff runs the same 4 for space and page, then {capture.Commands.Count(c => In(c, "wiki diff"))} for the revisions (plus the viewer on a cold cache)."));
        }
        return (flags, timings);
    }

    /// <summary>
    /// The wiki's read paths as the app runs them: the space (SpaceAccess.LoadAsync), the page by slug and the slug
    /// alias of a moved page (as WikiPageModel.LoadPageAsync), breadcrumbs and subpages (WikiTree.SurroundingsAsync),
    /// the backlinks (Backlinks.ForAsync), updater, watch state, source post and files (ViewModel.FactsQuery), the two
    /// revisions (as DiffModel.OnGetAsync). The hand-written statements are recorded with the time the app took.
    /// </summary>
    private static async Task ReadWikiAsync(FoyerDbContext db, CommandCapture capture, Viewer viewer, WikiFacts w)
    {
        capture.Begin("wiki page view", "space, role and readability (SpaceAccess)", "page by slug (WikiPageModel)");
        var access = await SpaceAccess.LoadAsync(db, viewer, w.SpaceSlug);
        if (access is not { CanRead: true }) throw new InvalidOperationException($"the viewer cannot read {w.SpaceSlug}");
        var spaceId = access.Space.Id;
        var page = await db.WikiPages.AsNoTracking().FirstOrDefaultAsync(p => p.SpaceId == spaceId && p.Slug == w.Slug)
            ?? throw new InvalidOperationException($"no page {w.ViewPath}");
        capture.Begin("wiki page view", "breadcrumbs and subpages (hand-written, WikiTree.SurroundingsAsync)");
        var started = Stopwatch.GetTimestamp();
        var around = await WikiTree.SurroundingsAsync(db, spaceId, page.Id, page.ParentId);
        capture.RecordBuilt(WikiTree.SurroundingsQuery(spaceId, page.Id, page.ParentId), Stopwatch.GetElapsedTime(started));
        capture.Begin("wiki page view", "backlinks: pages (hand-written, Backlinks.ForAsync)", "backlinks: posts", "backlinks: comments");
        started = Stopwatch.GetTimestamp();
        var backlinks = await Backlinks.ForAsync(db, viewer, page);
        var backlinksTime = Stopwatch.GetElapsedTime(started);
        // One command of three statements: each is explained and timed on its own, with the app's time for all three.
        var (_, backlinkParameters) = Backlinks.Sql(viewer, page, 100);
        foreach (var statement in Backlinks.Statements(viewer)) capture.RecordBuilt((statement, backlinkParameters), backlinksTime);
        capture.Begin("wiki page view", "updater, watch, source post, files (hand-written, ViewModel.FactsQuery)");
        started = Stopwatch.GetTimestamp();
        var (factsSql, factsParameters) = ViewModel.FactsQuery(viewer, page);
        var facts = await HandWrittenReads.ReadAsync(db, null, factsSql, factsParameters, r => (Updater: r.IsDBNull(0) ? "" : r.GetString(0), Watching: r.GetInt32(1) != 0));
        capture.RecordBuilt((factsSql, factsParameters), Stopwatch.GetElapsedTime(started));
        var (updater, watching) = facts[0];

        // An old address: no page has the slug, the slug alias leads to the page. (Found on a raw connection: not an app query.)
        var oldSlug = "no-such-page";
        await using (var raw = new SqliteConnection(db.Database.GetConnectionString()))
        {
            raw.Open();
            using var find = raw.CreateCommand();
            find.CommandText = "SELECT \"Value\" FROM \"WikiAliases\" WHERE \"SpaceId\" = $s AND \"Kind\" = 0 LIMIT 1";
            find.Parameters.AddWithValue("$s", spaceId);
            if (find.ExecuteScalar() is string found) oldSlug = found;
        }
        capture.Begin("wiki old slug", "page by slug (none)", "slug alias (WikiPageModel redirect)");
        var none = await db.WikiPages.AsNoTracking().FirstOrDefaultAsync(p => p.SpaceId == spaceId && p.Slug == oldSlug);
        var moved = await db.WikiAliases.AsNoTracking()
            .Where(a => a.SpaceId == spaceId && a.Kind == WikiAliasKind.Slug && a.Value == oldSlug)
            .Join(db.WikiPages, a => a.PageId, p => p.Id, (a, p) => p.Slug).FirstOrDefaultAsync();

        // The diff loads space and page like the page view, then both revisions.
        capture.Begin("wiki diff", "two revisions with authors (DiffModel)");
        var (from, to) = (1, w.Version);
        var revisions = await db.WikiRevisions.AsNoTracking().Include(r => r.Author)
            .Where(r => r.PageId == page.Id && (r.Version == from || r.Version == to)).ToListAsync();
        // The backlinks' command as the capture above timed it (each of its statements carries the time of all three):
        // when that was slow, it is not run again.
        var backlinksMs = capture.Commands.Where(c => c.Label.StartsWith("wiki page view: backlinks", StringComparison.Ordinal))
            .Select(c => c.AppMicroseconds).DefaultIfEmpty().Max() / 1000;
        capture.Paused = true;
        await TimeStepsAsync(backlinksMs,
            ("space (SpaceAccess.LoadAsync, 1 query)", () => SpaceAccess.LoadAsync(db, viewer, w.SpaceSlug)),
            ("page by slug", () => db.WikiPages.AsNoTracking().FirstOrDefaultAsync(p => p.SpaceId == spaceId && p.Slug == w.Slug)),
            ("breadcrumbs and subpages (WikiTree.SurroundingsAsync, 1 statement)", () => WikiTree.SurroundingsAsync(db, spaceId, page.Id, page.ParentId)),
            ("backlinks (Backlinks.ForAsync, 1 command)", () => Backlinks.ForAsync(db, viewer, page)),
            ("updater, watch, source post, files (ViewModel.FactsQuery, 1 statement)", () =>
                HandWrittenReads.ReadAsync(db, null, factsSql, factsParameters, r => r.GetInt32(1))),
            ("diff: two revisions", () => db.WikiRevisions.AsNoTracking().Include(r => r.Author)
                .Where(r => r.PageId == page.Id && (r.Version == from || r.Version == to)).ToListAsync()),
            ("diff: WikiDiff.Render (DiffPlex + HTML)", () => Task.FromResult(revisions.Count == 2
                ? WikiDiff.Render(revisions.First(r => r.Version == from).Markdown, revisions.First(r => r.Version == to).Markdown, "… {0} …").Html : "")));
        capture.Paused = false;
        Console.WriteLine(Invariant($"App code read: wiki page #{page.Id} ({around.Breadcrumbs.Count} pages above it, {around.Children.Count} below), {backlinks.Count} backlinks, updated by {updater}, watching {watching}; old slug '{oldSlug}' -> {moved ?? none?.Slug ?? "-"}; diff reads {revisions.Count} revisions ({string.Join(" + ", revisions.Select(r => Invariant($"{r.Markdown.Length / 1024.0:F1} KB")))})"));
    }

    /// <summary>
    /// Where the wiki's time goes in the app's own code, without HTTP, authentication or Razor: the mean wall time of
    /// each step (EF + SQLite, or the diff), repeated for 300 ms; a step slower than 200 ms runs once only, and the
    /// backlinks not at all when the captured run already took longer.
    /// </summary>
    private static async Task TimeStepsAsync(double backlinksMs, params (string Name, Func<Task> Run)[] steps)
    {
        Console.WriteLine("App code timing (in this process: EF + SQLite or the diff alone, no HTTP, no Razor; mean wall time per run):");
        foreach (var (name, run) in steps)
        {
            if (name.StartsWith("backlinks", StringComparison.Ordinal) && backlinksMs > 200)
            {
                Console.WriteLine(Invariant($"  {backlinksMs,10:F3} ms  {name} (the run above; too slow to repeat)"));
                continue;
            }
            var sw = Stopwatch.StartNew();
            await run();
            var first = sw.Elapsed.TotalMilliseconds;
            var runs = 0;
            if (first < 200)
            {
                sw.Restart();
                while (runs < 2000 && (runs < 20 || sw.ElapsedMilliseconds < 300))
                {
                    await run();
                    runs++;
                }
            }
            Console.WriteLine(runs == 0
                ? Invariant($"  {first,10:F3} ms  {name} (one run)")
                : Invariant($"  {sw.Elapsed.TotalMilliseconds / runs,10:F3} ms  {name}"));
        }
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

    /// <summary>
    /// Mean time of one execution (all rows read), after a warmup; at least 50 runs or 300 ms. A query that took the
    /// app more than <see cref="SlowMicroseconds"/> is run once more only, or not at all when it took more than a second.
    /// </summary>
    private static (double MeanMicroseconds, int Rows) Time(SqliteConnection conn, CapturedCommand c)
    {
        using var cmd = Bind(conn, c.Sql, c);
        var rows = 0;
        if (c.AppMicroseconds > 1_000_000) return (c.AppMicroseconds, -1);
        if (c.AppMicroseconds > SlowMicroseconds)
        {
            var once = Stopwatch.StartNew();
            rows = Once();
            return (once.Elapsed.TotalMicroseconds, rows);
        }
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
