using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Privacy;
using Foyer.Data.Spaces;
using Foyer.Tests.Features.Search;
using Foyer.Tests.Features.Wiki;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Privacy;

/// <summary>GDPR Art. 17: deleting an account leaves no trace of the name, handle or address in any table.</summary>
public abstract class AccountDeletionTests(FoyerApp app)
{
    private async Task<(User Leaver, User Colleague, Space Space, long LeaverPost, long ColleaguePost, string Surname)> SceneAsync()
    {
        var surname = app.Unique("Quendel");
        var leaver = await app.CreateUserAsync(name: $"Zoë {surname}");
        var colleague = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, leaver, colleague);
        var client = await app.LoginAsync(leaver);
        var other = await app.LoginAsync(colleague);
        var leaverPost = await client.PublishAsync(space, $"Meine Notizen zur Bauprobe, @{colleague.Handle} bitte lesen");
        var colleaguePost = await other.PublishAsync(space, $"Danke @{leaver.Handle.ToUpperInvariant()}! Zoë {surname} hat den Lichtplan gemacht, schreibt an {leaver.Email!.ToUpperInvariant()} oder ZOË {surname.ToUpperInvariant()}.");
        await client.CommentAsync(colleaguePost, "Gern geschehen");
        await other.CommentAsync(leaverPost, "Gelesen, danke");
        await client.SubmitAsync($"/posts/{colleaguePost}", $"/posts/{colleaguePost}?handler=Like", new() { ["returnUrl"] = $"/posts/{colleaguePost}" });
        await client.CreatePageAsync(space, $"Lichtplan von Zoë {surname}", $"Erstellt von Zoë {surname}", summary: "erste Fassung");
        await client.SubmitAsync("/me/data", "/me/data?handler=Export", []);
        await app.DrainAsync("privacy");
        await app.IndexedAsync();
        return (leaver, colleague, space, leaverPost, colleaguePost, surname);
    }

    private async Task DeleteAsync(User leaver, string mode)
    {
        var client = await app.LoginAsync(leaver);
        var wrong = await client.SubmitAsync("/me/data", "/me/data?handler=Delete", new() { ["mode"] = mode, ["password"] = "not the password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(u => u.Id == leaver.Id).Select(u => u.DeletionRequestedAt).SingleAsync()));

        var response = await client.SubmitAsync("/me/data", "/me/data?handler=Delete", new() { ["mode"] = mode, ["password"] = FoyerApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.OriginalString);
        // Signed out at once: the old session no longer opens pages.
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/me")).StatusCode);
        await app.DrainAsync("privacy");
        await app.IndexedAsync();
    }

    [Fact]
    public async Task Keeping_content_anonymised_leaves_no_trace_of_name_handle_or_address_in_any_table()
    {
        var (leaver, colleague, _, leaverPost, colleaguePost, surname) = await SceneAsync();
        Assert.NotEmpty(await app.FindTracesAsync(surname, leaver.Email!, leaver.Handle)); // the scan finds them before

        await DeleteAsync(leaver, "KeepAnonymised");

        Assert.Empty(await app.FindTracesAsync(surname, leaver.Email!, leaver.Handle));
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == leaver.Id));
        Assert.NotNull(user.DeletedAt);
        Assert.Equal("Former member", user.DisplayName);
        Assert.Null(user.PasswordHash);
        // The discussion stays readable, signed "former member".
        var reader = await app.LoginAsync(colleague);
        var page = await reader.GetPageAsync($"/posts/{leaverPost}");
        Assert.Contains("Meine Notizen zur Bauprobe", page, StringComparison.Ordinal);
        Assert.Contains("Former member", page, StringComparison.Ordinal);
        Assert.Contains("@former member", await reader.GetPageAsync($"/posts/{colleaguePost}"), StringComparison.OrdinalIgnoreCase);
        // The mention was typed in capitals; in the Markdown its replacement keeps that form.
        Assert.Contains("@FORMER MEMBER", await app.WithDbAsync(db => db.Posts.Where(p => p.Id == colleaguePost).Select(p => p.Markdown).SingleAsync()), StringComparison.Ordinal);
        Assert.Empty(await reader.SearchAsync(surname));
        var login = await app.NewClient().PostFormAsync("/login", "/login", new() { ["Email"] = leaver.Email!, ["Password"] = FoyerApp.Password });
        Assert.NotEqual(HttpStatusCode.Redirect, login.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditAction.AccountDeleted && a.Target == $"user:{leaver.Id}")));
    }

    [Fact]
    public async Task Erasing_content_removes_posts_comments_and_reactions_but_keeps_the_colleagues_thread()
    {
        var (leaver, colleague, _, leaverPost, colleaguePost, surname) = await SceneAsync();

        await DeleteAsync(leaver, "EraseContent");

        Assert.Empty(await app.FindTracesAsync(surname, leaver.Email!, leaver.Handle));
        Assert.False(await app.WithDbAsync(db => db.Comments.AnyAsync(c => c.AuthorId == leaver.Id)));
        Assert.False(await app.WithDbAsync(db => db.Reactions.AnyAsync(r => r.UserId == leaver.Id)));
        Assert.False(await app.WithDbAsync(db => db.Posts.AnyAsync(p => p.AuthorId == leaver.Id && p.Markdown.Contains("Bauprobe"))));
        // The post the colleague answered is an empty shell now, so the colleague's answer keeps its place and stays readable.
        var shell = await app.WithDbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == leaverPost));
        Assert.Equal("_(removed by its author)_", shell.Markdown);
        Assert.Null(shell.DeletedAt);
        var thread = await (await app.LoginAsync(colleague)).GetPageAsync($"/posts/{leaverPost}");
        Assert.Contains("Gelesen, danke", thread, StringComparison.Ordinal);
        Assert.DoesNotContain("Meine Notizen zur Bauprobe", thread, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Posts.AnyAsync(p => p.Id == colleaguePost)));
        Assert.Empty(await app.WithDbAsync(db => db.DataExports.Where(e => e.UserId == leaver.Id).ToListAsync()));
    }

    [Fact]
    public async Task The_last_admin_cannot_delete_the_account_and_a_second_request_is_refused()
    {
        // Admins other tests made are members again, so the setup's admin is the last one.
        await app.WithDbAsync(db => db.Users.Where(u => u.Id != app.Admin.Id && u.Role == OrgRole.Admin).ExecuteUpdateAsync(s => s.SetProperty(u => u.Role, OrgRole.Member)));
        var admin = await app.LoginAsync(app.Admin);
        var refused = await admin.SubmitAsync("/me/data", "/me/data?handler=Delete", new() { ["mode"] = "KeepAnonymised", ["password"] = FoyerApp.Password });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("last administrator", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(u => u.Id == app.Admin.Id).Select(u => u.DeletionRequestedAt).SingleAsync()));

        var person = await app.CreateUserAsync();
        var page = $"/admin/people/{person.Id}/privacy";
        var first = await admin.SubmitAsync(page, page + "?handler=Delete", new() { ["mode"] = "KeepAnonymised", ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var requests = scope.ServiceProvider.GetRequiredService<Foyer.Web.Features.Privacy.PrivacyRequests>();
            // Refused: still under way, or (if the background worker was quick) already done.
            var again = await requests.RequestDeletionAsync(person.Id, Foyer.Web.Features.Privacy.ErasureMode.EraseContent, app.Admin.Id);
            Assert.True(again is not null && (again.Contains("already under way", StringComparison.Ordinal) || again.Contains("no longer exists", StringComparison.Ordinal)), again);
        }
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Topic == "privacy.erase" && m.Payload.StartsWith($"{person.Id}:"))));
        await app.DrainAsync("privacy");
        Assert.NotNull(await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.DeletedAt).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditAction.AccountDeletionRequested && a.ActorId == app.Admin.Id && a.Target == $"user:{person.Id}")));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccountDeletionSqliteTests(SqliteApp app) : AccountDeletionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AccountDeletionPostgresTests(PostgresApp app) : AccountDeletionTests(app);
