using System.Diagnostics;
using System.Globalization;
using static System.FormattableString;

namespace Foyer.Bench;

internal static class BenchProgram
{
    private const double GoalRpsRatio = 0.35;
    private const double GoalP99Ratio = 3.0;
    private const double GoalScaling = 0.8;
    /// <summary>The wiki's goal is absolute: Foyer's p99 for a page view and for a diff of a ~20 KB page.</summary>
    private const double GoalWikiP99Ms = 20;
    /// <summary>Cases slower than this for one request alone are not load-tested.</summary>
    private const double MaxSingleRequestMs = 1000;
    private const int PageSize = 20;

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length > 0 && args[0] == "serve-baseline") return await BaselineServer.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "fanout") return await FanOutBench.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "search") return await SearchBench.RunAsync(args[1..]);
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }
        BenchOptions o;
        try
        {
            o = BenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(o.WorkDir);
        var summary = new List<string>();
        var failed = new List<string>();

        // 1. Datasets.
        var large = new DatasetSpec(o.People, o.Spaces, o.Posts, o.Comments, o.Seed, o.Pages, o.Revisions);
        await EnsureDatasetAsync(o.LargeDbPath, large, o.Reuse);
        var small = large with { Posts = o.SmallPosts, Comments = o.SmallComments, Pages = o.SmallPages, Revisions = o.SmallRevisions };
        if (!o.SkipSmall) await EnsureDatasetAsync(o.SmallDbPath, small, o.Reuse);
        if (o.GenerateOnly) return 0;

        var facts = DatasetFacts.Read(o.LargeDbPath, o.DeepPosition);
        Console.WriteLine();
        Console.WriteLine(Invariant($"Viewer: #{facts.ViewerId} {facts.ViewerName} <{facts.ViewerEmail}>, member of {facts.ViewerSpaces} spaces ({facts.ViewerClosed} closed, {facts.ViewerSecret} secret); sees {facts.VisiblePosts:N0} of {facts.Posts:N0} posts"));
        Console.WriteLine(Invariant($"Deep page: /?before={facts.DeepCursor} = {facts.DeepPosition:N0} posts back from the newest ({facts.VisibleNewerThanCursor:N0} posts back in this viewer's stream)"));
        var wiki = facts.Wiki;
        if (wiki is not null)
        {
            Console.WriteLine(Invariant($"Wiki: {wiki.Pages:N0} pages, {wiki.Revisions:N0} revisions, {wiki.Links:N0} links. Measured page: {wiki.ViewPath} \"{wiki.Title}\" in \"{wiki.SpaceName}\" ({VisibilityName(wiki.SpaceVisibility)}, {wiki.SpacePages:N0} pages in the space), {wiki.Length / 1024.0:F1} KB, {wiki.Version} revisions (v1 {wiki.FirstLength / 1024.0:F1} KB); backlinks the viewer sees: {wiki.Backlinks} ({wiki.BacklinkPages} pages, {wiki.BacklinkPosts} posts, {wiki.BacklinkComments} comments)"));
            Console.WriteLine($"Wiki diff: {wiki.DiffPath}");
            if (wiki.BacklinkPages + wiki.BacklinkPosts < 20) Console.WriteLine("note: the measured page has fewer than 20 visible backlinks from pages and posts (a small dataset?)");
        }

        // 6. Query plans (printed first: they take seconds, and explain the figures that follow).
        List<PlanFlag> flags = [];
        List<QueryTiming> timings = [];
        if (!o.SkipPlans)
        {
            Console.WriteLine();
            Console.WriteLine("═══ Query plans of the hot queries (EXPLAIN QUERY PLAN, parameters bound as the app binds them) ═══");
            (flags, timings) = await QueryPlans.PrintAsync(o.LargeDbPath, facts, PageSize);
        }
        if (o.PlansOnly)
        {
            PrintFlags(flags, timings);
            return 0;
        }

        var dll = o.FoyerDll ?? FindFoyerDll();
        Console.WriteLine();
        Console.WriteLine(Invariant($"═══ Load: {o.Connections} connections; every case {o.WarmupSeconds:0.#} s warmup + {o.DurationSeconds:0.#} s measured, {o.Rounds} interleaved round(s), best round counts ═══"));
        Console.WriteLine($"Foyer: {dll}");
        var warmup = TimeSpan.FromSeconds(o.WarmupSeconds);
        var duration = TimeSpan.FromSeconds(o.DurationSeconds);
        var sizeLabel = Invariant($"{o.Posts / 1000.0:0.#}k");
        var smallLabel = Invariant($"{o.SmallPosts / 1000.0:0.#}k");

        // 2. Foyer on the large dataset, logged in as the viewer through the real form.
        await using var foyer = await StartFoyerAsync(dll, o.LargeDbPath, Path.Combine(o.WorkDir, "foyer-large.log"));
        var cookie = await foyer.LoginAsync(facts.ViewerEmail, DatasetGenerator.Password);
        Console.WriteLine($"Logged in to Foyer at {foyer.BaseAddress} as {facts.ViewerEmail}");

        // 3. Baseline on the same file, same viewer: this program again, as its own process.
        var basePort = ServerProcess.FreePort();
        await using var baseline = await ServerProcess.StartAsync("baseline", typeof(BenchProgram).Assembly.Location,
            ["serve-baseline", "--db", o.LargeDbPath, "--port", basePort.ToString(CultureInfo.InvariantCulture), "--viewer", facts.ViewerId.ToString(CultureInfo.InvariantCulture)],
            basePort, new Dictionary<string, string>(), Path.Combine(o.WorkDir, "baseline.log"));
        Console.WriteLine($"Baseline at {baseline.BaseAddress}");

        // 5. Foyer on the small dataset, for the scaling check.
        await using var foyerSmall = o.SkipSmall ? null : await StartFoyerAsync(dll, o.SmallDbPath, Path.Combine(o.WorkDir, "foyer-small.log"));
        string? smallCookie = null;
        if (foyerSmall is not null)
        {
            var smallFacts = DatasetFacts.Read(o.SmallDbPath, null);
            if (smallFacts.ViewerId != facts.ViewerId) Console.WriteLine($"note: the small dataset's viewer is #{smallFacts.ViewerId}");
            smallCookie = await foyerSmall.LoginAsync(smallFacts.ViewerEmail, DatasetGenerator.Password);
        }

        var deep = Invariant($"/?before={facts.DeepCursor}");
        List<Case> cases =
        [
            new("foyer-first", Invariant($"foyer    / ({sizeLabel} posts)"), foyer, new Uri(foyer.BaseAddress, "/"), cookie, StreamProbe),
            new("base-first", Invariant($"baseline / ({sizeLabel} posts)"), baseline, new Uri(baseline.BaseAddress, "/"), null, StreamProbe),
            new("foyer-deep", $"foyer    {deep}", foyer, new Uri(foyer.BaseAddress, deep), cookie, StreamProbe),
            new("base-deep", $"baseline {deep}", baseline, new Uri(baseline.BaseAddress, deep), null, StreamProbe),
        ];
        if (foyerSmall is not null)
        {
            cases.Add(new("foyer-small", Invariant($"foyer    / ({smallLabel} posts)"), foyerSmall, new Uri(foyerSmall.BaseAddress, "/"), smallCookie, StreamProbe));
        }
        if (wiki is not null)
        {
            // The page view must list exactly the backlinks the viewer may see (the baseline's query counted them).
            string ViewProbe(string body)
            {
                var n = LoadGenerator.Count(body, "<li><span class=\"badge\">");
                return n == wiki.Backlinks ? Invariant($"{n} backlinks") : throw new InvalidOperationException(Invariant($"expected {wiki.Backlinks} backlinks, the page lists {n}"));
            }
            static string DiffProbe(string body)
            {
                var n = LoadGenerator.Count(body, "class=\"diff-line");
                return n > 0 ? Invariant($"{n} diff lines, {LoadGenerator.Count(body, "<ins>")} <ins>, {LoadGenerator.Count(body, "<del>")} <del>") : throw new InvalidOperationException("no diff lines");
            }
            var diffLabel = Invariant($"wiki diff v1..v{wiki.Version}");
            cases.Add(new("foyer-wiki", "foyer    wiki page view", foyer, new Uri(foyer.BaseAddress, wiki.ViewPath), cookie, ViewProbe));
            cases.Add(new("base-wiki", "baseline wiki page view", baseline, new Uri(baseline.BaseAddress, wiki.ViewPath), null, ViewProbe));
            cases.Add(new("foyer-diff", $"foyer    {diffLabel}", foyer, new Uri(foyer.BaseAddress, wiki.DiffPath), cookie, DiffProbe));
            cases.Add(new("base-diff", $"baseline {diffLabel}", baseline, new Uri(baseline.BaseAddress, wiki.DiffPath), null, DiffProbe));
        }
        // A page that takes more than a second on its own would take many seconds at 16 connections (and could run
        // into the client's timeout, leaving the server busy during the next case): it is reported, not load-tested.
        var single = new Dictionary<string, double>();
        foreach (var c in cases)
        {
            single[c.Key] = await ProbeAsync(c, failed);
        }
        foreach (var c in cases.Where(c => single[c.Key] > MaxSingleRequestMs).ToList())
        {
            Console.WriteLine(Invariant($"  NOT LOAD-TESTED: {c.Label}: one request alone takes {single[c.Key]:F0} ms (> {MaxSingleRequestMs} ms)"));
            cases.Remove(c);
        }
        Console.WriteLine(Invariant($"JIT warmup: {o.JitWarmupSeconds:0.#} s of unmeasured load per page"));
        foreach (var c in cases)
        {
            await LoadGenerator.RunAsync(c.Label, c.Uri, c.Cookie, o.Connections, TimeSpan.Zero, TimeSpan.FromSeconds(o.JitWarmupSeconds));
        }

        // 4. Interleaved rounds, so a burst of other work on the machine hits all cases alike.
        var results = cases.ToDictionary(c => c.Key, _ => new List<LoadResult>());
        for (var round = 1; round <= o.Rounds; round++)
        {
            Console.WriteLine($"Round {round}/{o.Rounds}");
            foreach (var c in cases)
            {
                var r = await LoadGenerator.RunAsync(c.Label, c.Uri, c.Cookie, o.Connections, warmup, duration, c.Server.CpuTime);
                Console.WriteLine("  " + r.Line);
                results[c.Key].Add(r);
            }
        }
        LoadResult? Best(string key) => results.TryGetValue(key, out var r) ? r.MaxBy(x => x.Rps) : null;

        // 7. Summary.
        Console.WriteLine();
        Console.WriteLine("═══ Summary ═══");
        Console.WriteLine(Invariant($"dataset: {facts.Posts:N0} posts, {facts.Comments:N0} comments, {o.People:N0} people, {o.Spaces} spaces; viewer #{facts.ViewerId} sees {facts.VisiblePosts:N0} posts; {o.Connections} connections, {o.DurationSeconds:0.#} s x {o.Rounds} rounds per case (best round); {Environment.ProcessorCount} cores, load average {LoadGenerator.LoadAverage():F1}"));
        if (wiki is not null)
        {
            Console.WriteLine(Invariant($"wiki: {wiki.Pages:N0} pages, {wiki.Revisions:N0} revisions, {wiki.Links:N0} links; page {wiki.ViewPath} ({wiki.Length / 1024.0:F1} KB, {wiki.SpacePages:N0} pages in its space, {wiki.Backlinks} visible backlinks: {wiki.BacklinkPages} pages, {wiki.BacklinkPosts} posts, {wiki.BacklinkComments} comments); diff v1 ({wiki.FirstLength / 1024.0:F1} KB) .. v{wiki.Version} ({wiki.Length / 1024.0:F1} KB)"));
        }
        string? Untested(string name, params string[] keys)
        {
            var skipped = keys.Where(k => !results.ContainsKey(k)).ToList();
            if (skipped.Count == 0) return null;
            failed.Add(name.Trim());
            return $"{name}: MISSED, not load-tested: one request alone took " + string.Join(", ", skipped.Select(k => Invariant($"{single[k]:F0} ms ({k})")));
        }
        summary.Add(Untested("stream first page", "foyer-first", "base-first") ?? Compare("stream first page", Best("foyer-first")!, Best("base-first")!, failed));
        summary.Add(Untested("stream deep page ", "foyer-deep", "base-deep") ?? Compare("stream deep page ", Best("foyer-deep")!, Best("base-deep")!, failed));
        if (foyerSmall is not null && Best("foyer-first") is { } large1 && Best("foyer-small") is { } small1)
        {
            var scaling = large1.Rps / small1.Rps;
            var ok = scaling >= GoalScaling;
            if (!ok) failed.Add("scaling");
            summary.Add(Invariant($"scaling {sizeLabel}/{smallLabel} posts: {scaling:F2} (goal >= {GoalScaling}) {(ok ? "ok" : "MISSED")}  [{large1.Rps:F0} vs {small1.Rps:F0} req/s; p99 {large1.P99:F1} vs {small1.P99:F1} ms; server cpu {large1.CpuMsPerRequest:F2} vs {small1.CpuMsPerRequest:F2} ms/req -> cpu-based {small1.CpuMsPerRequest / large1.CpuMsPerRequest:F2}]"));
        }
        if (wiki is not null)
        {
            summary.Add(CompareWiki("wiki page view   ", Best("foyer-wiki"), Best("base-wiki"), single["foyer-wiki"], single["base-wiki"], failed));
            summary.Add(CompareWiki("wiki diff        ", Best("foyer-diff"), Best("base-diff"), single["foyer-diff"], single["base-diff"], failed));
        }
        foreach (var line in summary)
        {
            Console.WriteLine(line);
        }
        var busiest = results.Values.SelectMany(r => r).Select(r => r.LoadAverage).DefaultIfEmpty(0).Max();
        if (busiest > Environment.ProcessorCount)
        {
            Console.WriteLine(Invariant($"note: the machine was busy (load average up to {busiest:F1} on {Environment.ProcessorCount} cores): req/s and p99 swing with other work; the cpu-based ratios (server CPU per request) are the steadier figures."));
        }
        PrintFlags(flags, timings);
        Console.WriteLine(Invariant($"total run time {total.Elapsed.TotalSeconds:F0} s; server logs in {o.WorkDir}"));
        Console.WriteLine(failed.Count > 0 ? $"goals missed: {string.Join(", ", failed.Distinct())}" : "all goals met");
        return 0;
    }

    /// <summary>A measured page; Probe checks the body of one response and describes it (or throws).</summary>
    private sealed record Case(string Key, string Label, ServerProcess Server, Uri Uri, string? Cookie, Func<string, string> Probe);

    internal static async Task EnsureDatasetAsync(string path, DatasetSpec spec, bool reuse)
    {
        if (reuse && File.Exists(path))
        {
            var stale = DatasetGenerator.WhyStale(path, spec);
            if (stale is null)
            {
                // The app's schema may have grown since (new tables, new columns with defaults): bring the file up to date.
                var applied = await DatasetGenerator.MigrateAsync(path);
                Console.WriteLine(applied == 0 ? $"Reusing {path} (--reuse)" : $"Reusing {path} (--reuse), after applying {applied} new migration(s)");
                return;
            }
            Console.WriteLine($"Not reusing {path}: {stale}");
        }
        await DatasetGenerator.GenerateAsync(path, spec);
    }

    private static string VisibilityName(int visibility) => visibility switch { 0 => "open", 1 => "closed", _ => "secret" };

    private static string StreamProbe(string body)
    {
        var n = LoadGenerator.Count(body, "class=\"post card\"");
        return n == PageSize ? Invariant($"{n} posts") : throw new InvalidOperationException(Invariant($"expected {PageSize} posts, got {n}"));
    }

    private static Task<ServerProcess> StartFoyerAsync(string dll, string db, string log)
    {
        var port = ServerProcess.FreePort();
        var env = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = $"Data Source={db}",
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Login__PerNetworkAttemptsPerWindow"] = "100000",
            // The migration that adds search queues a rebuild of the index in the outbox; on a fresh bench database that
            // rebuild (a million documents) ran in the background through every measurement and was counted as the
            // pages' CPU. The bench measures page views; the search bench times the rebuild on its own.
            ["Outbox__Run"] = "false",
        };
        Console.WriteLine($"Starting Foyer on {db} (port {port}, log {log})");
        return ServerProcess.StartAsync("Foyer", dll, [], port, env, log);
    }

    /// <summary>src/Foyer.Web/bin/Release/net10.0/Foyer.Web.dll of this checkout, built by `dotnet build -c Release`.</summary>
    internal static string FindFoyerDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Foyer.slnx"))) continue;
            var dll = Path.Combine(dir.FullName, "src", "Foyer.Web", "bin", "Release", "net10.0", "Foyer.Web.dll");
            if (File.Exists(dll)) return dll;
            throw new FileNotFoundException($"{dll} not found: run `dotnet build -c Release bench/Foyer.Bench` (builds Foyer.Web in Release too) or pass --foyer-dll");
        }
        throw new FileNotFoundException("Foyer.slnx not found above the bench; pass --foyer-dll");
    }

    /// <summary>
    /// Checks the page, then returns how long a second request takes alone (the first one pays for JIT); when the
    /// first one took more than <see cref="MaxSingleRequestMs"/>, that time.
    /// </summary>
    private static async Task<double> ProbeAsync(Case c, List<string> failed)
    {
        var sw = Stopwatch.StartNew();
        var (status, body) = await LoadGenerator.ProbeAsync(c.Uri, c.Cookie);
        var ms = sw.Elapsed.TotalMilliseconds;
        string what;
        try
        {
            what = status == 200 ? c.Probe(body) : throw new InvalidOperationException(Invariant($"HTTP {status}"));
        }
        catch (InvalidOperationException e)
        {
            failed.Add($"probe {c.Key}");
            var dump = Path.Combine(Path.GetTempPath(), $"foyer-bench-probe-{c.Key}.html");
            await File.WriteAllTextAsync(dump, body);
            throw new InvalidOperationException($"{c.Label}: {e.Message} (body in {dump})", e);
        }
        if (ms <= MaxSingleRequestMs)
        {
            sw.Restart();
            await LoadGenerator.ProbeAsync(c.Uri, c.Cookie);
            ms = sw.Elapsed.TotalMilliseconds;
        }
        Console.WriteLine(Invariant($"  probe {c.Label,-30} HTTP {status}, {body.Length / 1024.0:F1} KiB, {what}; alone {ms:F1} ms"));
        return ms;
    }

    /// <summary>
    /// A wiki line of the summary: the goal is Foyer's p99 below 20 ms; the ratios to the baseline are for reading. A
    /// side that was too slow to load-test shows how long one request took alone.
    /// </summary>
    private static string CompareWiki(string name, LoadResult? foyer, LoadResult? baseline, double foyerAlone, double baselineAlone, List<string> failed)
    {
        var ok = foyer is { Errors: 0 } && foyer.P99 < GoalWikiP99Ms;
        if (!ok) failed.Add(name.Trim());
        static string Side(string who, LoadResult? r, double alone) => r is null
            ? Invariant($"{who} NOT LOAD-TESTED, one request alone took {alone:F0} ms")
            : Invariant($"{who} {r.Rps:F0} req/s p50 {r.P50:F1} ms p99 {r.P99:F1} ms");
        static string Cpu(LoadResult? r) => r is null ? "n/a" : Invariant($"{r.CpuMsPerRequest:F2} ms");
        var line = $"{name}: {Side("foyer", foyer, foyerAlone)} | {Side("baseline", baseline, baselineAlone)}";
        if (foyer is not null && baseline is not null) line += Invariant($" | ratio rps {foyer.Rps / baseline.Rps:F2} p99 {foyer.P99 / baseline.P99:F1}x");
        line += Invariant($" | goal foyer p99 < {GoalWikiP99Ms:0} ms {(ok ? "ok" : "MISSED")}");
        line += $"\n                   server cpu/request: foyer {Cpu(foyer)}, baseline {Cpu(baseline)}";
        if (foyer is not null && baseline is not null) line += Invariant($" -> cpu-based rps ratio {baseline.CpuMsPerRequest / foyer.CpuMsPerRequest:F2}");
        var errors = (foyer?.Errors ?? 0) + (baseline?.Errors ?? 0);
        return errors > 0 ? line + Invariant($" errors foyer {foyer?.Errors ?? 0} baseline {baseline?.Errors ?? 0}") : line;
    }

    private static string Compare(string name, LoadResult foyer, LoadResult baseline, List<string> failed)
    {
        var rps = foyer.Rps / baseline.Rps;
        var p99 = foyer.P99 / baseline.P99;
        var ok = rps >= GoalRpsRatio && p99 <= GoalP99Ratio;
        if (!ok) failed.Add(name.Trim());
        return Invariant($"{name}: foyer {foyer.Rps:F0} req/s p50 {foyer.P50:F1} ms p99 {foyer.P99:F1} ms | baseline {baseline.Rps:F0} req/s p50 {baseline.P50:F1} ms p99 {baseline.P99:F1} ms | ratio rps {rps:F2} (goal >= {GoalRpsRatio}) p99 {p99:F1}x (goal <= {GoalP99Ratio}x) {(ok ? "ok" : "MISSED")}")
            + Invariant($"\n                   server cpu/request: foyer {foyer.CpuMsPerRequest:F2} ms, baseline {baseline.CpuMsPerRequest:F2} ms -> cpu-based rps ratio {baseline.CpuMsPerRequest / foyer.CpuMsPerRequest:F2}")
            + (foyer.Errors + baseline.Errors > 0 ? Invariant($" errors foyer {foyer.Errors} baseline {baseline.Errors}") : "");
    }

    private static void PrintFlags(List<PlanFlag> flags, List<QueryTiming> timings)
    {
        if (timings.Count > 0)
        {
            Console.WriteLine("query cost (SQLite alone on a raw connection, mean per execution; taken before the load, also slowed by a busy machine):");
            foreach (var t in timings)
            {
                Console.WriteLine(Invariant($"  {t.MeanMicroseconds,9:F1} µs  {(t.Rows < 0 ? "?" : t.Rows.ToString(CultureInfo.InvariantCulture)),4} rows  {t.Query}{(t.Rows < 0 ? " (the app's own run: over a second, not run again)" : "")}"));
            }
        }
        Console.WriteLine(flags.Count == 0 ? "plan flags: none" : "plan flags:");
        foreach (var f in flags)
        {
            Console.WriteLine(Invariant($"  FLAG: [{f.Query}] {f.Line}  ({f.MeanMicroseconds:F0} µs)"));
        }
    }
}
