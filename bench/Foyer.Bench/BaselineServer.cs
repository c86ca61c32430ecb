using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Foyer.Bench;

/// <summary>
/// The floor to compare Foyer with: Kestrel, one hand-written SQL query on a pooled Microsoft.Data.Sqlite connection,
/// a StringBuilder of HTML. Same data, same viewer, same visibility rule, same 20 posts; no authentication, no
/// Razor, no EF. Runs as its own process (`serve-baseline`), like Foyer, so neither shares a GC with the load generator.
/// </summary>
internal static class BaselineServer
{
    public const int PageSize = 20;

    public static string StreamSql => $"""
        SELECT p."Id", p."Html", p."CreatedAt", p."EditedAt", p."AuthorId", u."DisplayName", u."Handle", s."Name", s."Slug",
               p."CommentCount", p."ReactionCount"
        FROM "Posts" AS p
        JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
        JOIN "AspNetUsers" AS u ON u."Id" = p."AuthorId"
        WHERE p."Id" < $before AND {DatasetFacts.VisibleWhere}
        ORDER BY p."Id" DESC
        LIMIT {PageSize + 1}
        """;

    /// <summary>The space's visibility rule (AudienceFilter.ReadableBy for a member) on a space aliased s.</summary>
    private const string SpaceReadable =
        "(s.\"Visibility\" = 0 OR EXISTS (SELECT 1 FROM \"SpaceMemberships\" AS m WHERE m.\"SpaceId\" = s.\"Id\" AND m.\"UserId\" = $viewer))";

    /// <summary>The page by space slug and page slug, with the name of who changed it last, if the viewer may read the space.</summary>
    public static string WikiPageSql => $"""
        SELECT p."Id", p."SpaceId", p."Title", p."NormalizedTitle", p."Html", p."Version", p."UpdatedAt", u."DisplayName", s."Name"
        FROM "Spaces" AS s
        JOIN "WikiPages" AS p ON p."SpaceId" = s."Id" AND p."Slug" = $name
        JOIN "AspNetUsers" AS u ON u."Id" = p."UpdatedById"
        WHERE s."Slug" = $space AND {SpaceReadable}
        """;

    /// <summary>
    /// Everything that links to the page (by its title or an old title), as far as the viewer may read it, in one
    /// query: other pages by title, posts and comments newest first, at most 100 of each (as Backlinks.ForAsync).
    /// Columns: kind (0 page, 1 post, 2 comment), title or author, plain text, space slug, space name, space id, page
    /// slug, post id, comment number.
    /// </summary>
    public static string BacklinksSql => $"""
        WITH "titles"("t") AS (
            SELECT $title UNION SELECT a."Value" FROM "WikiAliases" AS a WHERE a."PageId" = $page AND a."Kind" = 1),
        "links"("Kind", "Id") AS (
            SELECT l."SourceKind", l."SourceId" FROM "WikiLinks" AS l
            WHERE l."TargetSpaceId" = $spaceId AND l."TargetTitle" IN (SELECT "t" FROM "titles"))
        SELECT * FROM (
            SELECT 0, p."Title", NULL, s."Slug", s."Name", p."SpaceId", p."Slug", 0, 0
            FROM "WikiPages" AS p JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
            WHERE p."Id" IN (SELECT "Id" FROM "links" WHERE "Kind" = 0) AND p."Id" <> $page AND {SpaceReadable}
            ORDER BY p."Title" LIMIT 100)
        UNION ALL
        SELECT * FROM (
            SELECT 1, u."DisplayName", p."PlainText", NULL, NULL, p."SpaceId", NULL, p."Id", 0
            FROM "Posts" AS p JOIN "Spaces" AS s ON s."Id" = p."SpaceId" JOIN "AspNetUsers" AS u ON u."Id" = p."AuthorId"
            WHERE p."Id" IN (SELECT "Id" FROM "links" WHERE "Kind" = 1) AND {DatasetFacts.VisibleWhere}
            ORDER BY p."Id" DESC LIMIT 100)
        UNION ALL
        SELECT * FROM (
            SELECT 2, u."DisplayName", c."PlainText", NULL, NULL, p."SpaceId", NULL, c."PostId", c."Number"
            FROM "Comments" AS c JOIN "Posts" AS p ON p."Id" = c."PostId" JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
            JOIN "AspNetUsers" AS u ON u."Id" = c."AuthorId"
            WHERE c."Id" IN (SELECT "Id" FROM "links" WHERE "Kind" = 2) AND c."DeletedAt" IS NULL AND {DatasetFacts.VisibleWhere}
            ORDER BY c."Id" DESC LIMIT 100)
        """;

    /// <summary>Two revisions of a page (by space slug and page slug) with their authors, if the viewer may read the space.</summary>
    public static string WikiRevisionsSql => $"""
        SELECT r."Version", r."Title", r."Markdown", r."CreatedAt", u."DisplayName"
        FROM "Spaces" AS s
        JOIN "WikiPages" AS p ON p."SpaceId" = s."Id" AND p."Slug" = $name
        JOIN "WikiRevisions" AS r ON r."PageId" = p."Id" AND r."Version" IN ($from, $to)
        LEFT JOIN "AspNetUsers" AS u ON u."Id" = r."AuthorId"
        WHERE s."Slug" = $space AND {SpaceReadable}
        """;

    /// <summary>Umlauts stay characters, as in Foyer's pages and diffs.</summary>
    private static readonly HtmlEncoder WikiEncoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static async Task<int> RunAsync(string[] args)
    {
        string? db = null;
        int port = 0;
        long viewer = 0;
        for (var i = 0; i < args.Length - 1; i++)
        {
            switch (args[i])
            {
                case "--db": db = args[++i]; break;
                case "--port": port = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--viewer": viewer = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: break;
            }
        }
        if (db is null || port == 0 || viewer == 0)
        {
            await Console.Error.WriteLineAsync("usage: serve-baseline --db PATH --port N --viewer ID");
            return 2;
        }
        var connectionString = new SqliteConnectionStringBuilder { DataSource = db }.ToString();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [], EnvironmentName = "Production", ContentRootPath = Path.GetDirectoryName(Path.GetFullPath(db)),
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapGet("/", async (HttpContext context, long? before) =>
        {
            var html = await RenderAsync(connectionString, viewer, before ?? long.MaxValue);
            return Results.Content(html, "text/html; charset=utf-8");
        });
        app.MapGet("/spaces/{slug}/wiki/{name}", async (string slug, string name) =>
            await RenderWikiPageAsync(connectionString, viewer, slug, name) is { } html ? Results.Content(html, "text/html; charset=utf-8") : Results.NotFound());
        app.MapGet("/spaces/{slug}/wiki/{name}/diff", async (string slug, string name, int from, int to) =>
            await RenderWikiDiffAsync(connectionString, viewer, slug, name, from, to) is { } html ? Results.Content(html, "text/html; charset=utf-8") : Results.NotFound());
        await app.RunAsync();
        return 0;
    }

    private static async Task<string> RenderAsync(string connectionString, long viewer, long before)
    {
        await using var conn = new SqliteConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = StreamSql;
        cmd.Parameters.AddWithValue("$before", before);
        cmd.Parameters.AddWithValue("$viewer", viewer);
        await using var r = await cmd.ExecuteReaderAsync();
        var enc = HtmlEncoder.Default;
        var sb = new StringBuilder(32 * 1024);
        sb.Append("<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Stream</title></head><body><main><div class=\"stream\">\n");
        var n = 0;
        long last = 0;
        var more = false;
        while (await r.ReadAsync())
        {
            if (n == PageSize)
            {
                more = true;
                break;
            }
            var id = r.GetInt64(0);
            last = id;
            n++;
            var created = r.GetDateTime(2);
            sb.Append(CultureInfo.InvariantCulture, $"<article class=\"post card\" id=\"post-{id}\"><header class=\"post-head\">")
                .Append(CultureInfo.InvariantCulture, $"<a class=\"author\" href=\"/people/{enc.Encode(r.GetString(6))}\">{enc.Encode(r.GetString(5))}</a> ")
                .Append(CultureInfo.InvariantCulture, $"<span class=\"muted\">in <a href=\"/spaces/{enc.Encode(r.GetString(8))}\">{enc.Encode(r.GetString(7))}</a></span> ")
                .Append(CultureInfo.InvariantCulture, $"<a class=\"muted\" href=\"/posts/{id}\"><time datetime=\"{created:o}\">{created:g}</time></a>")
                .Append(r.IsDBNull(3) ? "" : " (bearbeitet)")
                .Append("</header><div class=\"content\">").Append(r.GetString(1)).Append("</div>")
                .Append(CultureInfo.InvariantCulture, $"<footer class=\"post-foot\">Gefällt mir ({r.GetInt32(10)}) <a href=\"/posts/{id}#comments\">{r.GetInt32(9)} Kommentare</a></footer></article>\n");
        }
        sb.Append("</div>");
        if (more) sb.Append(CultureInfo.InvariantCulture, $"<p class=\"pager\"><a href=\"?before={last}\" rel=\"next\">Ältere Beiträge</a></p>");
        sb.Append("</main></body></html>");
        return sb.ToString();
    }

    /// <summary>The page view: one query for the page, one for its backlinks, plain HTML. Null: 404.</summary>
    private static async Task<string?> RenderWikiPageAsync(string connectionString, long viewer, string spaceSlug, string name)
    {
        await using var conn = new SqliteConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = WikiPageSql;
        cmd.Parameters.AddWithValue("$space", spaceSlug);
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$viewer", viewer);
        var enc = WikiEncoder;
        var sb = new StringBuilder(64 * 1024);
        long pageId, spaceId;
        string normalized;
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            if (!await r.ReadAsync()) return null;
            pageId = r.GetInt64(0);
            spaceId = r.GetInt64(1);
            var title = enc.Encode(r.GetString(2));
            normalized = r.GetString(3);
            var updated = r.GetDateTime(6);
            sb.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main>\n")
                .Append(CultureInfo.InvariantCulture, $"<nav class=\"crumbs\"><a href=\"/spaces/{spaceSlug}\">{enc.Encode(r.GetString(8))}</a> › <a href=\"/spaces/{spaceSlug}/wiki\">Wiki</a></nav>\n")
                .Append(CultureInfo.InvariantCulture, $"<article class=\"card wiki-page\"><h1>{title}</h1><p class=\"muted\">Version {r.GetInt32(5)}, zuletzt geändert von {enc.Encode(r.GetString(7))} am {updated:g}</p>\n")
                .Append("<div class=\"content\">").Append(r.GetString(4)).Append("</div></article>\n");
        }
        cmd.Parameters.Clear();
        cmd.CommandText = BacklinksSql;
        cmd.Parameters.AddWithValue("$page", pageId);
        cmd.Parameters.AddWithValue("$spaceId", spaceId);
        cmd.Parameters.AddWithValue("$title", normalized);
        cmd.Parameters.AddWithValue("$viewer", viewer);
        sb.Append("<section class=\"card backlinks\"><h2>Was hierher verlinkt</h2><ul>\n");
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                var (badge, text, href) = r.GetInt32(0) switch
                {
                    0 => ("Seite", r.GetInt64(5) == spaceId ? r.GetString(1) : $"{r.GetString(4)}: {r.GetString(1)}", $"/spaces/{r.GetString(3)}/wiki/{r.GetString(6)}"),
                    1 => ("Beitrag", $"{r.GetString(1)}: {Excerpt(r.GetString(2))}", $"/posts/{r.GetInt64(7)}"),
                    _ => ("Kommentar", $"{r.GetString(1)}: {Excerpt(r.GetString(2))}", $"/posts/{r.GetInt64(7)}#comment-{r.GetInt32(8)}"),
                };
                sb.Append(CultureInfo.InvariantCulture, $"<li><span class=\"badge\">{badge}</span> <a href=\"{enc.Encode(href)}\">{enc.Encode(text)}</a></li>\n");
            }
        }
        sb.Append("</ul></section></main></body></html>");
        return sb.ToString();
    }

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 80 ? line : line[..80] + "…";
    }

    /// <summary>The diff: one query for both revisions, the same DiffPlex call as Foyer, the changed lines as HTML. Null: 404.</summary>
    private static async Task<string?> RenderWikiDiffAsync(string connectionString, long viewer, string spaceSlug, string name, int from, int to)
    {
        string? oldText = null, newText = null, title = null;
        await using (var conn = new SqliteConnection(connectionString))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = WikiRevisionsSql;
            cmd.Parameters.AddWithValue("$space", spaceSlug);
            cmd.Parameters.AddWithValue("$name", name);
            cmd.Parameters.AddWithValue("$from", from);
            cmd.Parameters.AddWithValue("$to", to);
            cmd.Parameters.AddWithValue("$viewer", viewer);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                var version = r.GetInt32(0);
                if (version == from) oldText = r.GetString(2);
                if (version == to)
                {
                    newText = r.GetString(2);
                    title = r.GetString(1);
                }
            }
        }
        if (oldText is null || newText is null) return null;
        var model = SideBySideDiffBuilder.Diff(oldText, newText, ignoreWhiteSpace: false);
        var enc = WikiEncoder;
        var sb = new StringBuilder(32 * 1024);
        sb.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{enc.Encode(title!)}</title></head><body><main>\n")
            .Append(CultureInfo.InvariantCulture, $"<h1>Änderungen von Version {from} zu Version {to}</h1><div class=\"diff\">\n");
        var count = Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count);
        for (var i = 0; i < count; i++)
        {
            var o = i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null;
            var n = i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null;
            if (o is { Type: not (ChangeType.Unchanged or ChangeType.Imaginary) }) DiffLine(sb, enc, "del", o, ChangeType.Deleted);
            if (n is { Type: not (ChangeType.Unchanged or ChangeType.Imaginary) }) DiffLine(sb, enc, "ins", n, ChangeType.Inserted);
        }
        sb.Append("</div></main></body></html>");
        return sb.ToString();
    }

    private static void DiffLine(StringBuilder sb, HtmlEncoder enc, string tag, DiffPiece line, ChangeType marked)
    {
        sb.Append("<div class=\"diff-line ").Append(tag).Append("\">");
        if (line.SubPieces.Count == 0)
        {
            sb.Append('<').Append(tag).Append('>').Append(enc.Encode(line.Text ?? "")).Append("</").Append(tag).Append('>');
        }
        else
        {
            foreach (var piece in line.SubPieces)
            {
                if (piece.Type == ChangeType.Imaginary) continue;
                var text = enc.Encode(piece.Text ?? "");
                if (piece.Type == marked || piece.Type == ChangeType.Modified) sb.Append('<').Append(tag).Append('>').Append(text).Append("</").Append(tag).Append('>');
                else sb.Append(text);
            }
        }
        sb.Append("</div>\n");
    }
}
