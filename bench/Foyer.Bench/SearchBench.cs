using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using static System.FormattableString;

namespace Foyer.Bench;

/// <summary>
/// `search`: the search at scale. A dataset of 250,000 posts, 750,000 comments and 100,000 wiki pages (1.1 million
/// documents with the people and spaces), the index built by the app's own rebuild command (timed), its size on disk,
/// then p50/p99 of the search page at 8 concurrent searchers for one-word, two-word, phrase and compound queries, for a
/// member of 5 spaces and for an admin. On SQLite, and on PostgreSQL when a server is given (--postgres, or
/// FOYER_BENCH_POSTGRES): the same rows are copied there first.
/// </summary>
internal static class SearchBench
{
    private static readonly (string Kind, string Query)[] Queries =
    [
        ("one word", "Kantine"),
        ("one word, rare", "Drehbühne"),
        ("two words", "Probe Hauptbühne"),
        ("phrase", "\"zweiten Akt\""),
        ("compound", "Projekt"),
        ("typo (did you mean)", "Kantiene"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var list = args.ToList();
        string? postgres = Environment.GetEnvironmentVariable("FOYER_BENCH_POSTGRES");
        var at = list.IndexOf("--postgres");
        if (at >= 0 && at + 1 < list.Count)
        {
            postgres = list[at + 1];
            list.RemoveRange(at, 2);
        }
        var skipRebuild = list.Remove("--skip-rebuild");
        var skipSqlite = list.Remove("--skip-sqlite");
        // Measure the PostgreSQL database an earlier run prepared and rebuilt, as it is (no copy, no rebuild).
        var keepPostgres = list.Remove("--keep-postgres");
        // Only the cases whose query contains this text (repeatable), for working on one of them.
        var only = new List<string>();
        for (var i = list.IndexOf("--only"); i >= 0 && i + 1 < list.Count; i = list.IndexOf("--only"))
        {
            only.Add(list[i + 1]);
            list.RemoveRange(i, 2);
        }
        var queries = only.Count == 0 ? Queries : Queries.Where(q => only.Any(x => q.Query.Contains(x, StringComparison.Ordinal))).ToArray();
        var o = BenchOptions.Parse(["--posts", "250000", "--comments", "750000", "--revisions", "200000", "--work", "/tmp/foyer-searchbench",
            "--connections", "8", "--duration", "8", "--warmup", "2", "--jit-warmup", "60", .. list]);
        Directory.CreateDirectory(o.WorkDir);
        var spec = new DatasetSpec(o.People, o.Spaces, o.Posts, o.Comments, o.Seed, o.Pages, o.Revisions);
        await BenchProgram.EnsureDatasetAsync(o.LargeDbPath, spec, o.Reuse);
        var dll = o.FoyerDll ?? BenchProgram.FindFoyerDll();
        var (member, admin) = Viewers(o.LargeDbPath);
        Console.WriteLine(Invariant($"Searchers: {member.Email} (member of 5 spaces) and {admin.Email} (admin); {o.Connections} concurrent searchers, {o.WarmupSeconds:0} s warmup + {o.DurationSeconds:0} s per case"));
        var summary = new List<string>();

        var sqliteCs = $"Data Source={o.LargeDbPath}";
        // The index's size is the pages it adds to the file: measured from an emptied index to the rebuilt one.
        var withoutIndex = skipRebuild || skipSqlite ? 0 : SqliteEmptyIndex(o.LargeDbPath);
        if (!skipSqlite) await MeasureAsync("SQLite", "Sqlite", sqliteCs, dll, o, member, admin, skipRebuild, queries,
            () => Invariant($"{(SqliteUsedBytes(o.LargeDbPath) - withoutIndex) / 1048576.0:F0} MiB (documents, FTS5 index, vocabulary and its trigram index) of a {new FileInfo(o.LargeDbPath).Length / 1048576.0:F0} MiB file"),
            summary);

        if (postgres is not null)
        {
            var database = "foyer_searchbench";
            var pgCs = keepPostgres
                ? new NpgsqlConnectionStringBuilder(postgres) { Database = database, CommandTimeout = 0 }.ConnectionString
                : await PreparePostgresAsync(postgres, database, dll, o);
            await MeasureAsync("PostgreSQL", "Postgres", pgCs, dll, o, member, admin, skipRebuild: keepPostgres, queries, () => PostgresIndexSize(pgCs), summary);
        }
        else
        {
            summary.Add("PostgreSQL: not measured (give --postgres \"Host=...;Username=...\" or FOYER_BENCH_POSTGRES; bench/search-postgres.sh starts a throwaway server)");
        }

        Console.WriteLine();
        Console.WriteLine("═══ Summary (goal: p99 < 50 ms) ═══");
        foreach (var line in summary) Console.WriteLine(line);
        return 0;
    }

    private sealed record Searcher(long Id, string Email);

    private static (Searcher Member, Searcher Admin) Viewers(string db)
    {
        using var conn = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT u."Id", u."Email", u."Role" FROM "AspNetUsers" AS u
            WHERE (u."Role" = 1 AND (SELECT COUNT(*) FROM "SpaceMemberships" AS m JOIN "Spaces" AS s ON s."Id" = m."SpaceId"
                                      WHERE m."UserId" = u."Id" AND NOT s."IsSandbox") = 5) OR u."Role" = 2
            ORDER BY u."Role", u."Id"
            """;
        Searcher? member = null, admin = null;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (r.GetInt32(2) == 1) member ??= new Searcher(r.GetInt64(0), r.GetString(1));
            else admin ??= new Searcher(r.GetInt64(0), r.GetString(1));
        }
        return (member ?? throw new InvalidOperationException("no member of exactly 5 spaces"), admin ?? throw new InvalidOperationException("no admin"));
    }

    private static async Task MeasureAsync(string name, string provider, string connectionString, string dll, BenchOptions o, Searcher member,
        Searcher admin, bool skipRebuild, (string Kind, string Query)[] queries, Func<string> indexSize, List<string> summary)
    {
        Console.WriteLine();
        Console.WriteLine($"═══ {name} ═══");
        var env = new Dictionary<string, string>
        {
            ["Database__Provider"] = provider,
            ["Database__ConnectionString"] = connectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Login__PerNetworkAttemptsPerWindow"] = "100000",
            // The bench measures searching, not the outbox: the rebuild queued by the migration is done by the command below.
            ["Outbox__Run"] = "false",
        };
        if (!skipRebuild)
        {
            var seconds = await RunToEndAsync(dll, ["--rebuild-search-index"], env, Path.Combine(o.WorkDir, $"rebuild-{provider}.log"));
            summary.Add(Invariant($"{name}: rebuild of the index {seconds:F0} s; index size {indexSize()}"));
        }
        else
        {
            summary.Add($"{name}: index size {indexSize()} (rebuild skipped)");
        }
        var port = ServerProcess.FreePort();
        env["Urls"] = $"http://127.0.0.1:{port}";
        await using var foyer = await ServerProcess.StartAsync("Foyer", dll, [], port, env, Path.Combine(o.WorkDir, $"foyer-search-{provider}.log"));
        var cookies = new Dictionary<string, string>
        {
            ["member of 5 spaces"] = await foyer.LoginAsync(member.Email, DatasetGenerator.Password),
            ["admin"] = await foyer.LoginAsync(admin.Email, DatasetGenerator.Password),
        };
        // Tiered JIT (with dynamic PGO) first, on every query for both searchers: --jit-warmup seconds in all. With 3 s
        // per query, the first measured case still ran half-compiled code (twice the CPU per search of the same case later).
        var jit = TimeSpan.FromSeconds(Math.Max(1, o.JitWarmupSeconds / (queries.Length * cookies.Count)));
        foreach (var (_, query) in queries)
        {
            foreach (var cookie in cookies.Values) await LoadGenerator.RunAsync("jit", Url(foyer, query), cookie, o.Connections, TimeSpan.Zero, jit);
        }
        foreach (var (who, cookie) in cookies)
        {
            foreach (var (kind, query) in queries)
            {
                using var probe = new HttpClient();
                probe.DefaultRequestHeaders.Add("Cookie", cookie);
                var body = await probe.GetStringAsync(Url(foyer, query));
                var hits = LoadGenerator.Count(body, "class=\"search-hit card\"");
                var count = System.Text.RegularExpressions.Regex.Match(body, "class=\"search-count\"[^>]*>\\s*([^<]+)<").Groups[1].Value.Trim();
                var suggestion = body.Contains("Did you mean", StringComparison.Ordinal) || body.Contains("Meinten Sie", StringComparison.Ordinal) ? ", suggests a spelling" : "";
                var result = await LoadGenerator.RunAsync($"{who}: {kind}", Url(foyer, query), cookie, o.Connections,
                    TimeSpan.FromSeconds(o.WarmupSeconds), TimeSpan.FromSeconds(o.DurationSeconds), foyer.CpuTime);
                var line = Invariant($"{name,-10} {who,-19} {kind,-20} {query,-18} p50 {result.P50,7:F1} ms  p99 {result.P99,7:F1} ms  {result.Rps,6:F0} req/s  cpu {result.CpuMsPerRequest,5:F1} ms/req  ({hits} shown, {count}{suggestion}) {(result.P99 < 50 ? "ok" : "MISSED")}");
                Console.WriteLine(line);
                summary.Add(line);
            }
        }
    }

    private static Uri Url(ServerProcess server, string query) => new(server.BaseAddress, "/search?q=" + Uri.EscapeDataString(query));

    private static async Task<double> RunToEndAsync(string dll, string[] args, IReadOnlyDictionary<string, string> env, string log)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the rebuild");
        await using var output = new StreamWriter(log);
        string? lastLine = null;
        while (await process.StandardOutput.ReadLineAsync() is { } text)
        {
            await output.WriteLineAsync(text);
            foreach (var piece in text.Split('\r', StringSplitOptions.RemoveEmptyEntries)) lastLine = piece;
            if (text.Contains("search index", StringComparison.Ordinal)) Console.WriteLine("  " + lastLine);
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"the rebuild failed (exit {process.ExitCode}); see {log}");
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Empties the search index (if the dataset has one from an earlier run) and returns the bytes the file then uses.</summary>
    private static long SqliteEmptyIndex(string db)
    {
        using (var conn = new SqliteConnection($"Data Source={db}"))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = """
                SELECT COUNT(*) FROM sqlite_master WHERE name = 'SearchFts';
                """;
            if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
            {
                cmd.CommandText = """
                    DELETE FROM "SearchDocuments"; DELETE FROM "SearchTerms"; INSERT INTO "SearchFts" ("SearchFts") VALUES ('delete-all'); INSERT INTO "SearchTitleFts" ("SearchTitleFts") VALUES ('delete-all');
                    DELETE FROM "SearchTermsTrigram";
                    """;
                cmd.ExecuteNonQuery();
            }
        }
        return SqliteUsedBytes(db);
    }

    private static long SqliteUsedBytes(string db)
    {
        using var conn = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()), (SELECT page_size FROM pragma_page_size())";
        using var r = cmd.ExecuteReader();
        r.Read();
        return r.GetInt64(0) * r.GetInt64(1);
    }

    private static string PostgresIndexSize(string cs)
    {
        using var conn = new NpgsqlConnection(cs);
        conn.Open();
        using var cmd = new NpgsqlCommand("""SELECT pg_total_relation_size('"SearchDocuments"') + pg_total_relation_size('"SearchTerms"')""", conn);
        var bytes = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        return Invariant($"{bytes / 1048576.0:F0} MiB (documents with their tsvector and GIN index, vocabulary with its trigram index)");
    }

    /// <summary>A fresh database with the app's schema (its own migrations) and the SQLite dataset's rows copied in.</summary>
    private static async Task<string> PreparePostgresAsync(string server, string database, string dll, BenchOptions o)
    {
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = database, CommandTimeout = 0 }.ConnectionString;
        // The app migrates the empty database (and rebuilds an empty index).
        await RunToEndAsync(dll, ["--rebuild-search-index"], new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres", ["Database__ConnectionString"] = cs, ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Outbox__Run"] = "false",
        }, Path.Combine(o.WorkDir, "migrate-Postgres.log"));
        var watch = Stopwatch.StartNew();
        string[] tables = ["Organisation", "AspNetUsers", "Spaces", "SpaceMemberships", "Tags", "Posts", "PostTags", "Comments", "WikiPages"];
        await using var pg = new NpgsqlConnection(cs);
        await pg.OpenAsync();
        await using (var truncate = new NpgsqlCommand($"SET session_replication_role = replica; TRUNCATE {string.Join(", ", tables.Select(t => $"\"{t}\""))} CASCADE", pg))
        {
            await truncate.ExecuteNonQueryAsync();
        }
        await using var sqlite = new SqliteConnection($"Data Source={o.LargeDbPath};Mode=ReadOnly");
        sqlite.Open();
        long rows = 0;
        foreach (var table in tables) rows += await CopyTableAsync(sqlite, pg, table);
        await using (var sequences = new NpgsqlCommand("""
            SELECT format('SELECT setval(%L, COALESCE((SELECT MAX("Id") FROM %I), 1))', s.seq, s.table_name) FROM (
                -- The columns first (OFFSET 0 keeps the planner from asking for a sequence of a table without "Id").
                SELECT c.table_name, pg_get_serial_sequence(format('%I', c.table_name), 'Id') AS seq FROM (
                    SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'Id' OFFSET 0) AS c) AS s
            WHERE s.seq IS NOT NULL
            """, pg))
        {
            var statements = new List<string>();
            await using (var r = await sequences.ExecuteReaderAsync())
            {
                while (await r.ReadAsync()) statements.Add(r.GetString(0));
            }
            foreach (var statement in statements)
            {
                await using var set = new NpgsqlCommand(statement, pg);
                await set.ExecuteScalarAsync();
            }
        }
        await using (var analyze = new NpgsqlCommand("ANALYZE", pg)) await analyze.ExecuteNonQueryAsync();
        Console.WriteLine(Invariant($"PostgreSQL: {rows:N0} rows copied from the SQLite dataset in {watch.Elapsed.TotalSeconds:F0} s"));
        return cs;
    }

    private static async Task<long> CopyTableAsync(SqliteConnection sqlite, NpgsqlConnection pg, string table)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @t", pg))
        {
            cmd.Parameters.AddWithValue("t", table);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) types[r.GetString(0)] = r.GetString(1);
        }
        using var select = sqlite.CreateCommand();
        select.CommandText = $"SELECT * FROM \"{table}\"";
        using var reader = select.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).Where(types.ContainsKey).ToList();
        var ordinals = columns.Select(reader.GetOrdinal).ToList();
        await using var import = await pg.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
        long n = 0;
        while (reader.Read())
        {
            await import.StartRowAsync();
            for (var i = 0; i < columns.Count; i++)
            {
                var ordinal = ordinals[i];
                if (reader.IsDBNull(ordinal))
                {
                    await import.WriteNullAsync();
                    continue;
                }
                switch (types[columns[i]])
                {
                    case "timestamp with time zone":
                        await import.WriteAsync(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                        break;
                    case "boolean":
                        await import.WriteAsync(reader.GetInt64(ordinal) != 0, NpgsqlDbType.Boolean);
                        break;
                    case "bigint":
                        await import.WriteAsync(reader.GetInt64(ordinal), NpgsqlDbType.Bigint);
                        break;
                    case "integer":
                        await import.WriteAsync(reader.GetInt32(ordinal), NpgsqlDbType.Integer);
                        break;
                    case "smallint":
                        await import.WriteAsync(reader.GetInt16(ordinal), NpgsqlDbType.Smallint);
                        break;
                    case "numeric":
                        await import.WriteAsync(decimal.Parse(reader.GetString(ordinal), System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Numeric);
                        break;
                    case "double precision":
                        await import.WriteAsync(reader.GetDouble(ordinal), NpgsqlDbType.Double);
                        break;
                    case "uuid":
                        await import.WriteAsync(reader.GetGuid(ordinal), NpgsqlDbType.Uuid);
                        break;
                    default:
                        await import.WriteAsync(reader.GetString(ordinal), NpgsqlDbType.Text);
                        break;
                }
            }
            n++;
        }
        await import.CompleteAsync();
        return n;
    }
}
