using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Foyer.Data.Privacy;
using Foyer.Data.Spaces;
using Foyer.Tests.Features.Wiki;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Privacy;

/// <summary>GDPR Art. 15/20: a person downloads everything they wrote or set, prepared in the background, and nothing of anyone else.</summary>
public abstract class DataExportTests(FoyerApp app)
{
    [Fact]
    public async Task The_export_holds_profile_posts_comments_wiki_reactions_and_settings_as_json_and_markdown_and_nothing_of_others()
    {
        var person = await app.CreateUserAsync();
        var colleague = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, person, colleague);
        var client = await app.LoginAsync(person);
        var other = await app.LoginAsync(colleague);
        var mine = app.Unique("Meinbeitrag");
        var theirs = app.Unique("Fremdkommentar");
        var postId = await client.PublishAsync(space, $"Probenplan {mine} für Oktober");
        await client.CommentAsync(postId, $"Mein Nachtrag {mine}");
        await other.CommentAsync(postId, $"Antwort der Kollegin {theirs}");
        var colleaguePost = await other.PublishAsync(space, $"Beitrag der Kollegin {theirs}");
        await client.SubmitAsync($"/posts/{colleaguePost}", $"/posts/{colleaguePost}?handler=Like", new() { ["returnUrl"] = $"/posts/{colleaguePost}" });
        await client.CreatePageAsync(space, "Lichtplan " + mine, $"Scheinwerfer {mine}", summary: "erste Fassung");

        var first = await client.SubmitAsync("/me/data", "/me/data?handler=Export", []);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        // (Asking again while it is prepared is refused: Two_export_requests_at_the_same_moment_make_one_export.)

        await app.DrainAsync("privacy");
        var export = await app.WithDbAsync(db => db.DataExports.AsNoTracking().SingleAsync(e => e.UserId == person.Id));
        Assert.Equal(DataExportState.Ready, export.State);
        Assert.Equal(100, export.Progress);
        Assert.True(await app.WithDbAsync(db => db.OutgoingMails.AnyAsync(m => m.UserId == person.Id && m.IdempotencyKey == $"export:{export.Id}")),
            "a mail tells the person the export is ready");

        var page = await client.GetPageAsync("/me/data");
        Assert.Contains($"/me/data?handler=Download&amp;id={export.Id}", page, StringComparison.Ordinal);
        var download = await client.GetAsync($"/me/data?handler=Download&id={export.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()));
        string Read(string name)
        {
            var entry = zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"{name} is missing; the archive has {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
            using var reader = new StreamReader(entry.Open());
            return reader.ReadToEnd();
        }
        using var profile = JsonDocument.Parse(Read("data/profile.json"));
        Assert.Equal(person.Email, profile.RootElement.GetProperty("email").GetString());
        Assert.Equal(person.Handle, profile.RootElement.GetProperty("handle").GetString());
        using var posts = JsonDocument.Parse(Read("data/posts.json"));
        Assert.Contains(mine, posts.RootElement.GetProperty("posts")[0].GetProperty("markdown").GetString(), StringComparison.Ordinal);
        using var comments = JsonDocument.Parse(Read("data/comments.json"));
        Assert.Equal(1, comments.RootElement.GetArrayLength());
        using var wiki = JsonDocument.Parse(Read("data/wiki-revisions.json"));
        Assert.Equal("erste Fassung", wiki.RootElement[0].GetProperty("summary").GetString());
        using var reactions = JsonDocument.Parse(Read("data/reactions.json"));
        Assert.Equal(colleaguePost, reactions.RootElement[0].GetProperty("targetId").GetInt64());
        Assert.Contains("emailFrequency", Read("data/notification-preferences.json"), StringComparison.Ordinal);
        Assert.Contains("## data/posts.json", Read("SCHEMA.md"), StringComparison.Ordinal);
        Assert.Contains(zip.Entries, e => e.FullName.StartsWith("markdown/posts/", StringComparison.Ordinal) && e.FullName.EndsWith($"-{postId}.md", StringComparison.Ordinal));
        Assert.Contains(zip.Entries, e => e.FullName.StartsWith("markdown/wiki/", StringComparison.Ordinal));
        foreach (var entry in zip.Entries.Where(e => e.Length > 0))
        {
            using var reader = new StreamReader(entry.Open());
            var text = await reader.ReadToEndAsync();
            Assert.DoesNotContain(theirs, text, StringComparison.Ordinal);
            Assert.DoesNotContain(colleague.DisplayName, text, StringComparison.Ordinal);
        }

        // Nobody else can download it, and after a week it is gone.
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/me/data?handler=Download&id={export.Id}")).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(8));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Foyer.Web.Features.Privacy.RetentionRunner>().ApplyAsync();
        }
        Assert.Equal(DataExportState.Expired, await app.WithDbAsync(db => db.DataExports.Where(e => e.Id == export.Id).Select(e => e.State).SingleAsync()));
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/me/data?handler=Download&id={export.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_second_export_while_one_is_prepared_is_refused_and_the_database_allows_only_one()
    {
        var person = await app.CreateUserAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        // One is waiting (no outbox message, so it stays waiting for this test).
        await app.WithDbAsync(async db =>
        {
            db.DataExports.Add(new DataExport { UserId = person.Id, RequestedById = person.Id, RequestedAt = now, State = DataExportState.Queued });
            return await db.SaveChangesAsync();
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var refused = await scope.ServiceProvider.GetRequiredService<Foyer.Web.Features.Privacy.PrivacyRequests>().RequestExportAsync(person.Id, person.Id);
            Assert.Contains("already being prepared", refused, StringComparison.Ordinal);
        }
        // Two requests that both passed that check at the same moment: the unique index lets only one in.
        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.DataExports.Add(new DataExport { UserId = person.Id, RequestedById = person.Id, RequestedAt = now, State = DataExportState.Running });
            return await db.SaveChangesAsync();
        }));
        Assert.Equal(1, await app.WithDbAsync(db => db.DataExports.CountAsync(e => e.UserId == person.Id)));
    }

    [Fact]
    public async Task An_admin_can_export_on_someones_behalf_and_the_audit_log_says_so()
    {
        var person = await app.CreateUserAsync();
        var admin = await app.LoginAsync(app.Admin);
        var page = $"/admin/people/{person.Id}/privacy";
        var response = await admin.SubmitAsync(page, page + "?handler=Export", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await app.DrainAsync("privacy");
        var export = await app.WithDbAsync(db => db.DataExports.AsNoTracking().SingleAsync(e => e.UserId == person.Id));
        Assert.Equal(app.Admin.Id, export.RequestedById);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditAction.ExportForSomeoneElse && a.Target == $"user:{person.Id}" && a.ActorId == app.Admin.Id)));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/me/data?handler=Download&id={export.Id}")).StatusCode);
        var member = await app.LoginAsync(await app.CreateUserAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(page)).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DataExportSqliteTests(SqliteApp app) : DataExportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DataExportPostgresTests(PostgresApp app) : DataExportTests(app);
