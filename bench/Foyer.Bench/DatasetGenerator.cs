using System.Diagnostics;
using System.Globalization;
using System.Text;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Sqlite;
using Foyer.Data.Wiki;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static System.FormattableString;

namespace Foyer.Bench;

internal sealed record DatasetSpec(int People, int Spaces, int Posts, int Comments, int Seed, int Pages = 0, int Revisions = 0)
{
    /// <summary>What the file was generated from, stored in it: --reuse keeps a file only when this matches.</summary>
    public string Describe() => Invariant($"v{DatasetGenerator.DatasetVersion} people={People} spaces={Spaces} posts={Posts} comments={Comments} seed={Seed} pages={Pages} revisions={Revisions}");
}

/// <summary>
/// Writes a whole organisation into a fresh SQLite file: the schema from the app's own EF migrations, then every row
/// through prepared Microsoft.Data.Sqlite commands in one transaction per table. Deterministic for a given seed, and
/// people, spaces and memberships depend only on the seed and their counts, so the small and the large dataset have
/// the same people in the same spaces.
/// </summary>
internal static partial class DatasetGenerator
{
    /// <summary>
    /// Bumped whenever the generated data or the schema it is written into changes: a file with another version (in
    /// PRAGMA user_version) or another spec is generated again even with --reuse. 2: wiki tables filled, Posts.Kind.
    /// 3: privacy and insights columns; everyone has put the first-steps tour away.
    /// </summary>
    public const int DatasetVersion = 3;

    public const string Password = "bench-password-123";
    public const string EmailDomain = "bench.example";
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";
    private const int Guest = (int)OrgRole.Guest, Member = (int)OrgRole.Member, Admin = (int)OrgRole.Admin;
    private static readonly DateTime Newest = new(2026, 11, 27, 18, 0, 0, DateTimeKind.Utc);

    public static string Email(string handle) => $"{handle}@{EmailDomain}";

    /// <summary>Applies the app's migrations that the file does not have yet; returns how many.</summary>
    public static async Task<int> MigrateAsync(string path)
    {
        var options = new DbContextOptionsBuilder<FoyerDbContext>();
        options.UseFoyerSqlite(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        await using var db = new FoyerDbContext(options.Options);
        var pending = (await db.Database.GetPendingMigrationsAsync()).Count();
        if (pending > 0) await db.Database.MigrateAsync();
        SqliteConnection.ClearAllPools();
        return pending;
    }

    public static async Task GenerateAsync(string path, DatasetSpec spec)
    {
        var total = Stopwatch.StartNew();
        Console.WriteLine(Invariant($"Generating {path}: {spec.People:N0} people, {spec.Spaces:N0} spaces, {spec.Posts:N0} posts, {spec.Comments:N0} comments")
            + (spec.Pages > 0 ? Invariant($", {spec.Pages:N0} wiki pages, {spec.Revisions:N0} revisions") : ", no wiki"));
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var cs = new SqliteConnectionStringBuilder { DataSource = path }.ToString();

        var step = Stopwatch.StartNew();
        var options = new DbContextOptionsBuilder<FoyerDbContext>();
        options.UseFoyerSqlite(cs);
        await using (var db = new FoyerDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }
        SqliteConnection.ClearAllPools();
        Console.WriteLine(Invariant($"  schema (EF migrations)          {step.Elapsed.TotalSeconds,6:F1} s"));

        await using var conn = new SqliteConnection(new SqliteConnectionStringBuilder(cs) { Pooling = false }.ToString());
        conn.Open();
        // Bulk load: no journal, no fsync, a big page cache. The file is thrown away if the load fails.
        Exec(conn, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");

        Organisation(conn);
        var people = Time("people", () => InsertPeople(conn, spec, new Random(spec.Seed + 1)));
        var spaces = Time("spaces + memberships", () => InsertSpaces(conn, spec, people, new Random(spec.Seed + 2)));
        var tagIds = Time("tags", () => InsertTags(conn));
        var commentCounts = new int[spec.Posts];
        var commentRng = new Random(spec.Seed + 3);
        for (var i = 0; i < spec.Comments; i++)
        {
            commentCounts[commentRng.Next(spec.Posts)]++;
        }
        // The wiki's titles are planned first, so posts and comments can link to pages; the links draw from their own
        // random sequences, so posts and comments are the same with and without the wiki.
        var wiki = spec.Pages > 0 ? Time("wiki plan", () => PlanWiki(spec, spaces, new Random(spec.Seed + 9))) : null;
        var posts = Time("posts + tags + reactions", () => InsertPosts(conn, spec, people, spaces, tagIds, commentCounts, new Random(spec.Seed + 4),
            wiki, new Random(spec.Seed + 7)));
        Time("comments", () => InsertComments(conn, posts, people, spaces, commentCounts, new Random(spec.Seed + 5), wiki, new Random(spec.Seed + 8)));
        if (wiki is not null)
        {
            Time("wiki pages + revisions + links", () => InsertWiki(conn, wiki, people, new Random(spec.Seed + 10)));
        }

        step.Restart();
        Exec(conn, "ANALYZE; PRAGMA optimize;");
        Console.WriteLine(Invariant($"  ANALYZE + PRAGMA optimize       {step.Elapsed.TotalSeconds,6:F1} s"));
        Exec(conn, "CREATE TABLE \"_BenchDataset\" (\"Spec\" TEXT NOT NULL);");
        using (var mark = conn.CreateCommand())
        {
            mark.CommandText = "INSERT INTO \"_BenchDataset\" VALUES ($spec)";
            mark.Parameters.AddWithValue("$spec", spec.Describe());
            mark.ExecuteNonQuery();
        }
        Exec(conn, Invariant($"PRAGMA user_version={DatasetVersion}; PRAGMA journal_mode=WAL;"));
        conn.Close();
        var bytes = new FileInfo(path).Length;
        Console.WriteLine(Invariant($"  done in {total.Elapsed.TotalSeconds:F1} s, file {bytes / 1048576.0:F0} MiB"));
    }

    /// <summary>Null when the file was generated by this version of the generator from this spec; otherwise why not.</summary>
    public static string? WhyStale(string path, DatasetSpec spec)
    {
        try
        {
            using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "PRAGMA user_version";
            var version = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (version != DatasetVersion) return Invariant($"dataset version {version}, this bench writes {DatasetVersion}");
            cmd.CommandText = "SELECT \"Spec\" FROM \"_BenchDataset\"";
            var stored = cmd.ExecuteScalar() as string;
            return stored == spec.Describe() ? null : $"generated as [{stored}], wanted [{spec.Describe()}]";
        }
        catch (SqliteException e)
        {
            return e.Message;
        }
    }

    private static T Time<T>(string what, Func<T> work)
    {
        var sw = Stopwatch.StartNew();
        var result = work();
        Console.WriteLine(Invariant($"  {what,-31} {sw.Elapsed.TotalSeconds,6:F1} s"));
        return result;
    }

    private static void Time(string what, Action work) => Time(what, () => { work(); return 0; });

    private static void Exec(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    internal static string Date(DateTime d) => d.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>A prepared INSERT with one parameter per column, in order: $p0, $p1, ...</summary>
    internal static SqliteCommand Insert(SqliteConnection conn, SqliteTransaction tx, string table, params string[] columns)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            cmd.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }
        cmd.Prepare();
        return cmd;
    }

    internal static void Run(SqliteCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        cmd.ExecuteNonQuery();
    }

    private static void Organisation(SqliteConnection conn)
    {
        using var tx = conn.BeginTransaction();
        using var cmd = Insert(conn, tx, "Organisation", "Id", "Name", "DefaultLanguage", "SetupCompletedAt");
        Run(cmd, 1, "Stadttheater Benchstadt", "de", Date(Newest.AddYears(-3)));
        tx.Commit();
    }

    internal sealed record Person(long Id, string Handle, int Role);

    private static Person[] InsertPeople(SqliteConnection conn, DatasetSpec spec, Random rng)
    {
        // One real hash for everyone: hashing 2,000 passwords would take longer than the whole rest of the load.
        var hash = new PasswordHasher<User>().HashPassword(new User(), Password);
        var people = new Person[spec.People];
        var handles = new HashSet<string>(StringComparer.Ordinal);
        using var tx = conn.BeginTransaction();
        using var cmd = Insert(conn, tx, "AspNetUsers", "Id", "Handle", "DisplayName", "Bio", "Role", "Language", "CreatedAt",
            "DeactivatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash",
            "SecurityStamp", "ConcurrencyStamp", "PhoneNumber", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnd",
            "LockoutEnabled", "AccessFailedCount", "TourDismissedAt", "DismissedTips");
        var created = Newest.AddYears(-3);
        for (var i = 0; i < spec.People; i++)
        {
            var id = i + 1L;
            var first = TextPool.FirstNames[rng.Next(TextPool.FirstNames.Length)];
            var last = TextPool.LastNames[rng.Next(TextPool.LastNames.Length)];
            var handle = TextPool.Ascii($"{first}.{last}", '.');
            for (var n = 2; !handles.Add(handle); n++)
            {
                handle = TextPool.Ascii($"{first}.{last}", '.') + n.ToString(CultureInfo.InvariantCulture);
            }
            var roll = rng.NextDouble();
            var role = i == 0 ? Admin : roll < 0.02 ? Guest : roll < 0.03 ? Admin : Member;
            var email = Email(handle);
            people[i] = new Person(id, handle, role);
            var stamp = new Guid(RandomBytes(rng)).ToString("N").ToUpperInvariant();
            var concurrency = new Guid(RandomBytes(rng)).ToString("D");
            Run(cmd, id, handle, $"{first} {last}", "", role, "", Date(created.AddMinutes(i * 13)), null, email,
                email.ToUpperInvariant(), email, email.ToUpperInvariant(), 1, hash, stamp, concurrency, null, 0, 0, null, 1, 0,
                // People of a three-year-old organisation put the first-steps tour away long ago.
                Date(created.AddMinutes(i * 13).AddDays(10)), "");
        }
        tx.Commit();
        return people;
    }

    private static byte[] RandomBytes(Random rng)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        return bytes;
    }

    internal sealed record SpaceRow(long Id, string Slug, int Visibility, long[] Members, long[] Writers);

    private static SpaceRow[] InsertSpaces(SqliteConnection conn, DatasetSpec spec, Person[] people, Random rng)
    {
        // 60 % open, 30 % closed, 10 % secret, shuffled.
        var visibility = Enumerable.Range(0, spec.Spaces).Select(i => (i % 10) switch { < 6 => 0, < 9 => 1, _ => 2 }).ToArray();
        rng.Shuffle(visibility);
        // Some spaces are popular, most are small: weight 1 / rank^0.7.
        var weights = Enumerable.Range(1, spec.Spaces).Select(r => 1 / Math.Pow(r, 0.7)).ToArray();
        var cumulative = new double[spec.Spaces];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative[i] = sum += weights[i];
        }
        var members = Enumerable.Range(0, spec.Spaces).Select(_ => new List<long>()).ToArray();
        var joined = new HashSet<int>();
        foreach (var p in people)
        {
            var want = p.Role == Guest ? rng.Next(1, 3) : rng.Next(5, 11);
            joined.Clear();
            while (joined.Count < Math.Min(want, spec.Spaces))
            {
                var x = rng.NextDouble() * sum;
                var s = Array.BinarySearch(cumulative, x);
                s = s < 0 ? ~s : s;
                if (joined.Add(Math.Min(s, spec.Spaces - 1))) members[Math.Min(s, spec.Spaces - 1)].Add(p.Id);
            }
        }
        var nonGuests = people.Where(p => p.Role != Guest).Select(p => p.Id).ToArray();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rows = new SpaceRow[spec.Spaces];
        using var tx = conn.BeginTransaction();
        using var space = Insert(conn, tx, "Spaces", "Id", "Slug", "Name", "NormalizedName", "Description", "Visibility",
            "CreatedById", "CreatedAt", "ArchivedAt");
        using var membership = Insert(conn, tx, "SpaceMemberships", "SpaceId", "UserId", "Role", "JoinedAt");
        var created = Newest.AddYears(-3).AddDays(1);
        for (var i = 0; i < spec.Spaces; i++)
        {
            var id = i + 1L;
            var topic = TextPool.SpaceTopics[i % TextPool.SpaceTopics.Length];
            var qualifier = TextPool.SpaceQualifiers[i / TextPool.SpaceTopics.Length % TextPool.SpaceQualifiers.Length];
            var name = qualifier.Length == 0 ? topic : $"{topic} {qualifier}";
            for (var n = 2; !names.Add(name); n++)
            {
                name = $"{topic} {qualifier} {n}".Replace("  ", " ", StringComparison.Ordinal);
            }
            if (members[i].Count == 0) members[i].Add(nonGuests[0]);
            var creator = members[i].FirstOrDefault(m => people[m - 1].Role != Guest, nonGuests[0]);
            if (!members[i].Contains(creator)) members[i].Insert(0, creator);
            var slug = TextPool.Ascii(name, '-');
            Run(space, id, slug, name, name.ToUpperInvariant(),
                $"Der Raum für {topic}: Absprachen, Termine und alles, was sonst im Posteingang verschwindet.",
                visibility[i], creator, Date(created.AddHours(i)), null);
            foreach (var m in members[i])
            {
                Run(membership, id, m, m == creator ? 1 : 0, Date(created.AddHours(i).AddDays(1 + (m % 300))));
            }
            // Who writes here: members; in open spaces also anyone from the organisation now and then.
            var writers = visibility[i] == 0 ? members[i].Concat(nonGuests.Take(50)).ToArray() : members[i].ToArray();
            rows[i] = new SpaceRow(id, slug, visibility[i], [.. members[i]], writers);
        }
        tx.Commit();
        return rows;
    }

    private static long[] InsertTags(SqliteConnection conn)
    {
        using var tx = conn.BeginTransaction();
        using var cmd = Insert(conn, tx, "Tags", "Id", "Name");
        var ids = new long[TextPool.Tags.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = i + 1;
            Run(cmd, ids[i], TextPool.Tags[i]);
        }
        tx.Commit();
        return ids;
    }

    internal readonly record struct PostRow(long SpaceIndex, DateTime CreatedAt);

    private static PostRow[] InsertPosts(SqliteConnection conn, DatasetSpec spec, Person[] people, SpaceRow[] spaces,
        long[] tagIds, int[] commentCounts, Random rng, WikiPlan? wiki, Random linkRng)
    {
        // Activity per space is skewed too, but independently of its size.
        var activity = Enumerable.Range(0, spaces.Length).Select(_ => 0.2 + rng.NextDouble() * rng.NextDouble() * 3).ToArray();
        var cumulative = new double[activity.Length];
        var sum = 0.0;
        for (var i = 0; i < activity.Length; i++)
        {
            cumulative[i] = sum += activity[i];
        }
        var nonGuests = people.Where(p => p.Role != Guest).Select(p => p.Id).ToArray();
        var rows = new PostRow[spec.Posts];
        // Newest post a few hours before the reference time, one post every ~4.5 minutes before that.
        var at = Newest.AddMinutes(-spec.Posts * 4.5);
        var md = new StringBuilder(1024);
        var html = new StringBuilder(1200);
        var plain = new StringBuilder(1024);
        var postTags = new List<long>(3);
        using var tx = conn.BeginTransaction();
        using var post = Insert(conn, tx, "Posts", "Id", "SpaceId", "AuthorId", "Markdown", "Html", "PlainText", "CreatedAt",
            "EditedAt", "DeletedAt", "DeletedById", "Version", "CommentCount", "ReactionCount", "Kind");
        using var postTag = Insert(conn, tx, "PostTags", "PostId", "TagId");
        using var reaction = Insert(conn, tx, "Reactions", "TargetType", "TargetId", "UserId", "Kind", "CreatedAt");
        using var wikiLink = Insert(conn, tx, "WikiLinks", "SourceKind", "SourceId", "TargetSpaceId", "TargetTitle");
        var likers = new HashSet<long>();
        for (var i = 0; i < spec.Posts; i++)
        {
            var id = i + 1L;
            at = at.AddSeconds(30 + rng.Next(480));
            var x = rng.NextDouble() * sum;
            var s = Array.BinarySearch(cumulative, x);
            s = Math.Min(s < 0 ? ~s : s, spaces.Length - 1);
            var space = spaces[s];
            var author = space.Writers[rng.Next(space.Writers.Length)];
            postTags.Clear();
            if (rng.NextDouble() < 0.3)
            {
                var n = rng.Next(1, 4);
                while (postTags.Count < n)
                {
                    var t = tagIds[rng.Next(tagIds.Length)];
                    if (!postTags.Contains(t)) postTags.Add(t);
                }
            }
            BuildPost(rng, postTags, md, html, plain);
            // Some posts point to a wiki page: "Mehr dazu im Wiki: [[Title]]", and the post is one of its backlinks.
            if (wiki is not null && linkRng.NextDouble() < PostLinkShare)
            {
                var target = wiki.PickTarget(linkRng, s, -1, 0.3);
                md.Append("\n\nMehr dazu im Wiki: ").Append(target.Markdown);
                html.Append("\n<p>Mehr dazu im Wiki: ").Append(target.Html).Append("</p>");
                plain.Append("\nMehr dazu im Wiki: ").Append(target.Label);
                Run(wikiLink, (int)WikiLinkSource.Post, id, wiki.Spaces[target.Space].Id, target.Normalized);
            }
            var edited = rng.NextDouble() < 0.05 ? Date(at.AddMinutes(20)) : null;
            var deleted = rng.NextDouble() < 0.01;
            likers.Clear();
            if (!deleted && rng.NextDouble() < 0.4)
            {
                var want = rng.Next(1, 5);
                var pool = space.Visibility == 0 ? nonGuests : space.Members;
                for (var tries = 0; likers.Count < Math.Min(want, pool.Length) && tries < 20; tries++)
                {
                    likers.Add(pool[rng.Next(pool.Length)]);
                }
            }
            Run(post, id, space.Id, author, md.ToString(), html.ToString(), plain.ToString(), Date(at), edited,
                deleted ? Date(at.AddHours(2)) : null, deleted ? author : null, edited is null ? 1 : 2, commentCounts[i], likers.Count, 0);
            foreach (var t in postTags)
            {
                Run(postTag, id, t);
            }
            foreach (var u in likers)
            {
                Run(reaction, 0, id, u, "like", Date(at.AddMinutes(5 + rng.Next(600))));
            }
            rows[i] = new PostRow(s, at);
        }
        tx.Commit();
        return rows;
    }

    /// <summary>100–600 characters of Markdown, with the HTML and plain text the content pipeline would store.</summary>
    private static void BuildPost(Random rng, List<long> tags, StringBuilder md, StringBuilder html, StringBuilder plain)
    {
        md.Clear();
        html.Clear();
        plain.Clear();
        // The tags line ("#a #b") counts towards the 100–600 characters too.
        var tagsLength = tags.Count == 0 ? 0 : 2 + tags.Sum(t => TextPool.Tags[t - 1].Length + 2);
        var target = Math.Min(100 + rng.Next(501), 600 - tagsLength);
        var inParagraph = 0;
        var first = true;
        if (rng.NextDouble() < 0.2)
        {
            var opener = TextPool.BoldOpeners[rng.Next(TextPool.BoldOpeners.Length)];
            md.Append("**").Append(opener).Append("** ");
            html.Append("<p><strong>").Append(Escape(opener)).Append("</strong> ");
            plain.Append(opener).Append(' ');
            first = false;
            inParagraph = 1;
        }
        else
        {
            html.Append("<p>");
        }
        while (true)
        {
            var sentence = TextPool.Sentences[rng.Next(TextPool.Sentences.Length)];
            if (md.Length + tagsLength >= 100 && md.Length + sentence.Length + 1 > target) break;
            if (inParagraph >= 3)
            {
                md.Append("\n\n");
                html.Append("</p>\n<p>");
                plain.Append('\n');
                inParagraph = 0;
                first = true;
            }
            if (!first)
            {
                md.Append(' ');
                html.Append(' ');
                plain.Append(' ');
            }
            md.Append(sentence);
            html.Append(Escape(sentence));
            plain.Append(sentence);
            first = false;
            inParagraph++;
        }
        html.Append("</p>");
        if (tags.Count > 0)
        {
            md.Append("\n\n");
            html.Append("\n<p>");
            plain.Append('\n');
            for (var i = 0; i < tags.Count; i++)
            {
                var name = TextPool.Tags[tags[i] - 1];
                var sep = i == 0 ? "" : " ";
                md.Append(sep).Append('#').Append(name);
                html.Append(sep).Append("<a href=\"/tags/").Append(name).Append("\" class=\"tag\">#").Append(name).Append("</a>");
                plain.Append(sep).Append('#').Append(name);
            }
            html.Append("</p>");
        }
    }

    /// <summary>What an HTML writer must escape; umlauts stay as they are, like Markdig's output.</summary>
    internal static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    private static void InsertComments(SqliteConnection conn, PostRow[] posts, Person[] people, SpaceRow[] spaces,
        int[] commentCounts, Random rng, WikiPlan? wiki, Random linkRng)
    {
        var nonGuests = people.Where(p => p.Role != Guest).Select(p => p.Id).ToArray();
        var md = new StringBuilder(300);
        using var tx = conn.BeginTransaction();
        using var comment = Insert(conn, tx, "Comments", "Id", "PostId", "ParentId", "Number", "AuthorId", "Markdown", "Html",
            "PlainText", "CreatedAt", "EditedAt", "DeletedAt", "ReactionCount");
        using var wikiLink = Insert(conn, tx, "WikiLinks", "SourceKind", "SourceId", "TargetSpaceId", "TargetTitle");
        var id = 0L;
        for (var i = 0; i < posts.Length; i++)
        {
            var space = spaces[posts[i].SpaceIndex];
            var pool = space.Visibility == 0 ? nonGuests : space.Members;
            var firstOfPost = id + 1;
            for (var n = 1; n <= commentCounts[i]; n++)
            {
                id++;
                md.Clear();
                md.Append(TextPool.CommentSentences[rng.Next(TextPool.CommentSentences.Length)]);
                if (rng.NextDouble() < 0.5) md.Append(' ').Append(TextPool.Sentences[rng.Next(TextPool.Sentences.Length)]);
                var text = md.ToString();
                long? parent = n > 1 && rng.NextDouble() < 0.15 ? firstOfPost + rng.Next(n - 1) : null;
                var (markdown, html, plain) = (text, $"<p>{Escape(text)}</p>", text);
                if (wiki is not null && linkRng.NextDouble() < CommentLinkShare)
                {
                    var target = wiki.PickTarget(linkRng, (int)posts[i].SpaceIndex, -1, 0.3);
                    markdown = $"{text} Siehe {target.Markdown}.";
                    html = $"<p>{Escape(text)} Siehe {target.Html}.</p>";
                    plain = $"{text} Siehe {target.Label}.";
                    Run(wikiLink, (int)WikiLinkSource.Comment, id, wiki.Spaces[target.Space].Id, target.Normalized);
                }
                Run(comment, id, i + 1L, parent, n, pool[rng.Next(pool.Length)], markdown, html, plain,
                    Date(posts[i].CreatedAt.AddMinutes(n * 7 + rng.Next(7))), null, null, 0);
            }
        }
        tx.Commit();
    }
}
