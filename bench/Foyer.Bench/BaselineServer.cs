using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
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
}
