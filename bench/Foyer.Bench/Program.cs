using System.Diagnostics;
using System.Globalization;
using static System.FormattableString;

namespace Foyer.Bench;

internal static class BenchProgram
{
    private const double GoalRpsRatio = 0.35;
    private const double GoalP99Ratio = 3.0;
    private const double GoalScaling = 0.8;
    private const int PageSize = 20;

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length > 0 && args[0] == "serve-baseline") return await BaselineServer.RunAsync(args[1..]);
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
        var large = new DatasetSpec(o.People, o.Spaces, o.Posts, o.Comments, o.Seed);
        await EnsureDatasetAsync(o.LargeDbPath, large, o.Reuse);
        var small = large with { Posts = o.SmallPosts, Comments = o.SmallComments };
        if (!o.SkipSmall) await EnsureDatasetAsync(o.SmallDbPath, small, o.Reuse);
        if (o.GenerateOnly) return 0;

        var facts = DatasetFacts.Read(o.LargeDbPath, o.DeepPosition);
        Console.WriteLine();
        Console.WriteLine(Invariant($"Viewer: #{facts.ViewerId} {facts.ViewerName} <{facts.ViewerEmail}>, member of {facts.ViewerSpaces} spaces ({facts.ViewerClosed} closed, {facts.ViewerSecret} secret); sees {facts.VisiblePosts:N0} of {facts.Posts:N0} posts"));
        Console.WriteLine(Invariant($"Deep page: /?before={facts.DeepCursor} = {facts.DeepPosition:N0} posts back from the newest ({facts.VisibleNewerThanCursor:N0} posts back in this viewer's stream)"));

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
            new("foyer-first", Invariant($"foyer    / ({sizeLabel} posts)"), foyer, new Uri(foyer.BaseAddress, "/"), cookie),
            new("base-first", Invariant($"baseline / ({sizeLabel} posts)"), baseline, new Uri(baseline.BaseAddress, "/"), null),
            new("foyer-deep", $"foyer    {deep}", foyer, new Uri(foyer.BaseAddress, deep), cookie),
            new("base-deep", $"baseline {deep}", baseline, new Uri(baseline.BaseAddress, deep), null),
        ];
        if (foyerSmall is not null)
        {
            cases.Add(new("foyer-small", Invariant($"foyer    / ({smallLabel} posts)"), foyerSmall, new Uri(foyerSmall.BaseAddress, "/"), smallCookie));
        }
        foreach (var c in cases)
        {
            await ProbeAsync(c, failed);
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
        LoadResult Best(string key) => results[key].MaxBy(r => r.Rps)!;

        // 7. Summary.
        Console.WriteLine();
        Console.WriteLine("═══ Summary ═══");
        Console.WriteLine(Invariant($"dataset: {facts.Posts:N0} posts, {facts.Comments:N0} comments, {o.People:N0} people, {o.Spaces} spaces; viewer #{facts.ViewerId} sees {facts.VisiblePosts:N0} posts; {o.Connections} connections, {o.DurationSeconds:0.#} s x {o.Rounds} rounds per case (best round); {Environment.ProcessorCount} cores, load average {LoadGenerator.LoadAverage():F1}"));
        summary.Add(Compare("stream first page", Best("foyer-first"), Best("base-first"), failed));
        summary.Add(Compare("stream deep page ", Best("foyer-deep"), Best("base-deep"), failed));
        if (foyerSmall is not null)
        {
            var (large1, small1) = (Best("foyer-first"), Best("foyer-small"));
            var scaling = large1.Rps / small1.Rps;
            var ok = scaling >= GoalScaling;
            if (!ok) failed.Add("scaling");
            summary.Add(Invariant($"scaling {sizeLabel}/{smallLabel} posts: {scaling:F2} (goal >= {GoalScaling}) {(ok ? "ok" : "MISSED")}  [{large1.Rps:F0} vs {small1.Rps:F0} req/s; p99 {large1.P99:F1} vs {small1.P99:F1} ms; server cpu {large1.CpuMsPerRequest:F2} vs {small1.CpuMsPerRequest:F2} ms/req -> cpu-based {small1.CpuMsPerRequest / large1.CpuMsPerRequest:F2}]"));
        }
        foreach (var line in summary)
        {
            Console.WriteLine(line);
        }
        var busiest = results.Values.SelectMany(r => r).Max(r => r.LoadAverage);
        if (busiest > Environment.ProcessorCount)
        {
            Console.WriteLine(Invariant($"note: the machine was busy (load average up to {busiest:F1} on {Environment.ProcessorCount} cores): req/s and p99 swing with other work; the cpu-based ratios (server CPU per request) are the steadier figures."));
        }
        PrintFlags(flags, timings);
        Console.WriteLine(Invariant($"total run time {total.Elapsed.TotalSeconds:F0} s; server logs in {o.WorkDir}"));
        Console.WriteLine(failed.Count > 0 ? $"goals missed: {string.Join(", ", failed.Distinct())}" : "all goals met");
        return 0;
    }

    private sealed record Case(string Key, string Label, ServerProcess Server, Uri Uri, string? Cookie);

    private static async Task EnsureDatasetAsync(string path, DatasetSpec spec, bool reuse)
    {
        if (reuse && File.Exists(path))
        {
            Console.WriteLine($"Reusing {path} (--reuse)");
            return;
        }
        await DatasetGenerator.GenerateAsync(path, spec);
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
        };
        Console.WriteLine($"Starting Foyer on {db} (port {port}, log {log})");
        return ServerProcess.StartAsync("Foyer", dll, [], port, env, log);
    }

    /// <summary>src/Foyer.Web/bin/Release/net10.0/Foyer.Web.dll of this checkout, built by `dotnet build -c Release`.</summary>
    private static string FindFoyerDll()
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

    private static async Task ProbeAsync(Case c, List<string> failed)
    {
        var (status, bytes, posts) = await LoadGenerator.ProbeAsync(c.Uri, c.Cookie);
        Console.WriteLine(Invariant($"  probe {c.Label,-30} HTTP {status}, {bytes / 1024.0:F1} KiB, {posts} posts"));
        if (status != 200 || posts != PageSize)
        {
            failed.Add($"probe {c.Key}");
            throw new InvalidOperationException($"{c.Label}: expected HTTP 200 with {PageSize} posts, got {status} with {posts}");
        }
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
                Console.WriteLine(Invariant($"  {t.MeanMicroseconds,9:F1} µs  {t.Rows,4} rows  {t.Query}"));
            }
        }
        Console.WriteLine(flags.Count == 0 ? "plan flags: none" : "plan flags:");
        foreach (var f in flags)
        {
            Console.WriteLine(Invariant($"  FLAG: [{f.Query}] {f.Line}  ({f.MeanMicroseconds:F0} µs)"));
        }
    }
}
