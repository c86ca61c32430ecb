using System.Globalization;

namespace Foyer.Bench;

/// <summary>Command line of the bench. Every option has a default, so a bare run measures the default sizes.</summary>
internal sealed class BenchOptions
{
    public int People { get; set; } = 2_000;
    public int Spaces { get; set; } = 100;
    public int Posts { get; set; } = 200_000;
    public int Comments { get; set; } = 600_000;
    public int Pages { get; set; } = 100_000;
    public int Revisions { get; set; } = 1_000_000;
    /// <summary>No wiki data, no wiki measurements.</summary>
    public bool SkipWiki { get; set; }
    public int SmallPosts { get; set; } = 1_000;
    public int SmallComments { get; set; } = 3_000;
    public int SmallPages { get; set; } = 1_000;
    public int SmallRevisions { get; set; } = 10_000;
    public int Seed { get; set; } = 20261128;
    public string WorkDir { get; set; } = "/tmp/foyer-bench";
    public string? Db { get; set; }
    public string? SmallDb { get; set; }
    /// <summary>Run everything on the small dataset only (1,000 posts / 3,000 comments).</summary>
    public bool Small { get; set; }
    public bool SkipSmall { get; set; }
    /// <summary>Keep an existing database file instead of generating it again (for repeated runs).</summary>
    public bool Reuse { get; set; }
    public bool GenerateOnly { get; set; }
    public bool PlansOnly { get; set; }
    public bool SkipPlans { get; set; }
    public int Connections { get; set; } = 16;
    public double WarmupSeconds { get; set; } = 3;
    public double DurationSeconds { get; set; } = 10;
    /// <summary>Every case is measured this many times, interleaved with the others; the best round counts.</summary>
    public int Rounds { get; set; } = 2;
    /// <summary>Load on every server before the first round, so tiered JIT is done before anything is measured.</summary>
    public double JitWarmupSeconds { get; set; } = 20;
    /// <summary>How far back the deep page starts, in posts from the newest; default three quarters of all posts (150,000 of 200,000).</summary>
    public int? DeepPosition { get; set; }
    public string? FoyerDll { get; set; }

    public string LargeDbPath => Db ?? Path.Combine(WorkDir, Small ? "bench-small.db" : "bench-large.db");
    public string SmallDbPath => SmallDb ?? Path.Combine(WorkDir, "bench-small.db");

    public static string Usage => """
        Foyer.Bench: generate a large organisation in SQLite, load-test the real Foyer against a hand-written baseline,
        check that the stream does not slow down with the size of the database, measure the wiki's page view and diff,
        and print the plans of the hot queries.

          dotnet run -c Release --project bench/Foyer.Bench -- [options]

        Dataset
          --people N        people (default 2000)              --spaces N     spaces (default 100)
          --posts N         posts (default 200000)             --comments N   comments (default 600000)
          --pages N         wiki pages (default 100000)        --revisions N  wiki revisions (default 1000000)
          --skip-wiki       no wiki data and no wiki measurements (stream only)
          --db PATH         database file (default /tmp/foyer-bench/bench-large.db; generated fresh)
          --small           use the small dataset only (1000 posts / 3000 comments / 1000 pages) for the whole run
          --skip-small      do not generate/measure the small dataset (no scaling check)
          --small-db PATH   small database file (default /tmp/foyer-bench/bench-small.db)
          --seed N          random seed (default 20261128)
          --reuse           keep existing database files instead of regenerating them
          --generate-only   generate the dataset(s) and stop
        Load
          --connections N   concurrent connections (default 16)
          --warmup S        warmup seconds, not measured (default 3)
          --duration S      measured seconds (default 10)
          --rounds N        measure every case N times, interleaved; the best round counts (default 2)
          --jit-warmup S    unmeasured load per page before the first round (default 20)
          --deep N          deep page starts N posts back from the newest (default 3/4 of --posts)
          --plans-only      print the query plans and stop (no servers, no load)
          --skip-plans      do not print query plans
          --foyer-dll PATH  Foyer.Web.dll to run (default src/Foyer.Web/bin/Release/net10.0/Foyer.Web.dll)
          --work DIR        folder for databases and logs (default /tmp/foyer-bench)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
            int NextInt() => int.Parse(Next().Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);
            double NextDouble() => double.Parse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture);
            switch (a)
            {
                case "--people": o.People = NextInt(); break;
                case "--spaces": o.Spaces = NextInt(); break;
                case "--posts": o.Posts = NextInt(); break;
                case "--comments": o.Comments = NextInt(); break;
                case "--pages": o.Pages = NextInt(); break;
                case "--revisions": o.Revisions = NextInt(); break;
                case "--skip-wiki": o.SkipWiki = true; break;
                case "--db": o.Db = Next(); break;
                case "--small-db": o.SmallDb = Next(); break;
                case "--small": o.Small = true; break;
                case "--skip-small": o.SkipSmall = true; break;
                case "--seed": o.Seed = NextInt(); break;
                case "--reuse": o.Reuse = true; break;
                case "--generate-only": o.GenerateOnly = true; break;
                case "--plans-only": o.PlansOnly = true; break;
                case "--skip-plans": o.SkipPlans = true; break;
                case "--connections": o.Connections = NextInt(); break;
                case "--warmup": o.WarmupSeconds = NextDouble(); break;
                case "--duration": o.DurationSeconds = NextDouble(); break;
                case "--rounds": o.Rounds = NextInt(); break;
                case "--jit-warmup": o.JitWarmupSeconds = NextDouble(); break;
                case "--deep": o.DeepPosition = NextInt(); break;
                case "--foyer-dll": o.FoyerDll = Next(); break;
                case "--work": o.WorkDir = Next(); break;
                default: throw new ArgumentException($"unknown option {a}");
            }
        }
        if (o.Small)
        {
            o.Posts = o.SmallPosts;
            o.Comments = o.SmallComments;
            o.Pages = o.SmallPages;
            o.Revisions = o.SmallRevisions;
            o.SkipSmall = true;
        }
        if (o.SkipWiki)
        {
            o.Pages = o.SmallPages = 0;
            o.Revisions = o.SmallRevisions = 0;
        }
        if (o.Pages < 0 || (o.Pages > 0 && o.Revisions < o.Pages))
        {
            throw new ArgumentException("--revisions must be at least --pages (every page has a first revision)");
        }
        if (o.People < 10 || o.Spaces < 5 || o.Posts < 50 || o.Comments < 0 || o.Connections < 1 || o.DurationSeconds <= 0 || o.Rounds < 1)
        {
            throw new ArgumentException("sizes too small: at least 10 people, 5 spaces, 50 posts, 1 connection");
        }
        return o;
    }
}
