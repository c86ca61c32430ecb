using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Privacy;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Tests.Features.Search;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Features.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Privacy;

/// <summary>The sandbox (members only, expiring, never searched), retention rules with their safety catch, and the append-only audit log.</summary>
public abstract class SandboxAndRetentionTests(FoyerApp app)
{
    private Task<Space> SandboxAsync() => app.WithDbAsync(db => db.Spaces.AsNoTracking().SingleAsync(s => s.IsSandbox));

    private async Task<(User User, TestClient Client, Space Sandbox)> SandboxMemberAsync()
    {
        var user = await app.CreateUserAsync();
        var sandbox = await SandboxAsync();
        await app.WithDbAsync(async db =>
        {
            db.SpaceMemberships.Add(new SpaceMembership { SpaceId = sandbox.Id, UserId = user.Id, JoinedAt = app.Clock.GetUtcNow().UtcDateTime });
            return await db.SaveChangesAsync();
        });
        return (user, await app.LoginAsync(user), sandbox);
    }

    private async Task<Dictionary<RetentionKind, int>> ApplyRetentionAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionRunner>().ApplyAsync();
    }

    [Fact]
    public async Task Setup_makes_one_secret_sandbox_with_the_first_admin_in_it_that_outsiders_cannot_see()
    {
        var sandbox = await SandboxAsync();
        Assert.Equal(SpaceVisibility.Secret, sandbox.Visibility);
        Assert.True(await app.WithDbAsync(db => db.SpaceMemberships.AnyAsync(m => m.SpaceId == sandbox.Id && m.UserId == app.Admin.Id)));

        var outsider = await app.LoginAsync(await app.CreateUserAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/spaces/{sandbox.Slug}")).StatusCode);
        Assert.DoesNotContain(sandbox.Slug, await outsider.GetPageAsync("/spaces"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_member_starts_in_the_sandbox_and_a_guest_does_not()
    {
        var admin = await app.LoginAsync(app.Admin);
        var sandbox = await SandboxAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, app.Admin);
        foreach (var role in new[] { OrgRole.Member, OrgRole.Guest })
        {
            var email = app.Unique("starter") + "@test.example";
            var invited = await admin.SubmitAsync("/admin/invitations", "/admin/invitations", new()
            {
                ["Input.Email"] = email, ["Input.Role"] = role.ToString(), ["Input.SpaceId"] = role == OrgRole.Guest ? space.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
            });
            var path = Html.InvitationPath(await invited.Content.ReadAsStringAsync());
            var newcomer = app.NewClient();
            var accepted = await newcomer.SubmitAsync(path, path, new()
            {
                ["Input.DisplayName"] = "Neu " + app.Unique("n"), ["Input.Email"] = email, ["Input.Password"] = FoyerApp.Password,
            });
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
            var inSandbox = await app.WithDbAsync(db => db.SpaceMemberships.AnyAsync(m => m.SpaceId == sandbox.Id && m.User!.Email == email));
            Assert.Equal(role == OrgRole.Member, inSandbox);
        }
    }

    [Fact]
    public async Task Sandbox_posts_expire_with_their_comments_and_reactions_while_other_posts_stay()
    {
        var (user, client, sandbox) = await SandboxMemberAsync();
        var open = await app.CreateSpaceAsync(SpaceVisibility.Open, user);
        var practice = await client.PublishAsync(sandbox, "Mein erster Versuch " + app.Unique("w"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.CommentAsync(practice, "Und ein Kommentar dazu")).StatusCode);
        var kept = await client.PublishAsync(open, "Das bleibt " + app.Unique("w"));

        app.Clock.Advance(TimeSpan.FromDays(6));
        await ApplyRetentionAsync();
        Assert.True(await app.WithDbAsync(db => db.Posts.AnyAsync(p => p.Id == practice)), "a six-day-old sandbox post is kept");

        app.Clock.Advance(TimeSpan.FromDays(2));
        var deleted = await ApplyRetentionAsync();
        Assert.True(deleted[RetentionKind.SandboxContent] >= 1);
        Assert.False(await app.WithDbAsync(db => db.Posts.AnyAsync(p => p.Id == practice)));
        Assert.False(await app.WithDbAsync(db => db.Comments.AnyAsync(c => c.PostId == practice)));
        Assert.True(await app.WithDbAsync(db => db.Posts.AnyAsync(p => p.Id == kept)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/posts/{practice}")).StatusCode);
    }

    [Fact]
    public async Task Sandbox_content_is_never_in_search()
    {
        var (user, client, sandbox) = await SandboxMemberAsync();
        var open = await app.CreateSpaceAsync(SpaceVisibility.Open, user);
        var word = app.Unique("spielwiesenwort");
        var practice = await client.PublishAsync(sandbox, $"Geheimer Versuch {word}");
        var real = await client.PublishAsync(open, $"Echter Beitrag {word}");
        await app.IndexedAsync();

        var hits = await client.SearchAsync(word);
        Assert.Contains($"/posts/{real}", hits);
        Assert.DoesNotContain($"/posts/{practice}", hits);
        Assert.False(await app.WithDbAsync(db => db.SearchDocuments.AnyAsync(d => d.SpaceId == sandbox.Id)));
    }

    [Fact]
    public async Task A_retention_rule_that_would_delete_everything_needs_a_confirmation_and_bad_days_are_refused()
    {
        var admin = await app.LoginAsync(app.Admin);
        var page = "/admin/retention";
        await ApplyRetentionAsync();
        var reader = await app.CreateUserAsync();
        await app.WithDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            db.Notifications.Add(new Foyer.Data.Notifications.Notification { RecipientId = reader.Id, Kind = Foyer.Data.Notifications.NotificationKind.AddedToSpace, CreatedAt = now, ReadAt = now });
            return await db.SaveChangesAsync();
        });
        int? Days(RetentionKind kind) => app.WithDbAsync(db => db.RetentionRules.Where(r => r.Kind == kind).Select(r => r.Days).SingleAsync()).GetAwaiter().GetResult();

        var bad = await admin.SubmitAsync(page, page, new() { ["kind"] = "ReadNotifications", ["days"] = "-4" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("between 1 and", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The audit log is what admins answer to: never shorter than a year.
        var shortAudit = await admin.SubmitAsync(page, page, new() { ["kind"] = "AuditLog", ["days"] = "30", ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, shortAudit.StatusCode);
        Assert.Equal(730, Days(RetentionKind.AuditLog));

        // Two days later a one-day rule would delete every read notification there is: the page asks first and stores nothing.
        app.Clock.Advance(TimeSpan.FromDays(2));
        var risky = await admin.SubmitAsync(page, page, new() { ["kind"] = "ReadNotifications", ["days"] = "1" });
        Assert.Equal(HttpStatusCode.Conflict, risky.StatusCode);
        Assert.Contains("name=\"confirm\"", await risky.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(180, Days(RetentionKind.ReadNotifications));

        var confirmed = await admin.SubmitAsync(page, page, new() { ["kind"] = "ReadNotifications", ["days"] = "1", ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(1, Days(RetentionKind.ReadNotifications));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditAction.RetentionRuleChanged && a.ActorId == app.Admin.Id
            && a.Details.Contains("rule=ReadNotifications from=180 to=1"))));
        // Back to the default for the other tests of this app.
        await admin.SubmitAsync(page, page, new() { ["kind"] = "ReadNotifications", ["days"] = "180" });
    }

    [Fact]
    public async Task Guest_comment_addresses_are_forgotten_after_a_year_and_old_audit_entries_after_two()
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var (oldId, newId) = await app.WithDbAsync(async db =>
        {
            var old = new AuditEntry { At = now.AddDays(-800), Action = AuditAction.RoleChanged, Target = "user:1", Details = "old" };
            var recent = new AuditEntry { At = now.AddDays(-10), Action = AuditAction.RoleChanged, Target = "user:1", Details = "recent" };
            db.AuditEntries.AddRange(old, recent);
            await db.SaveChangesAsync();
            return (old.Id, recent.Id);
        });
        var (oldComment, newComment) = await app.WithDbAsync(async db =>
        {
            var blog = new Foyer.Data.Blogs.Blog { Title = app.Unique("Blog"), CreatedAt = now };
            db.Blogs.Add(blog);
            await db.SaveChangesAsync();
            var article = new Foyer.Data.Blogs.Article
            {
                BlogId = blog.Id, AuthorId = app.Admin.Id, Title = "Saisonstart", Slug = app.Unique("saisonstart"), Status = Foyer.Data.Blogs.ArticleStatus.Published,
                Audience = Foyer.Data.Blogs.ArticleAudience.Public, CreatedAt = now.AddDays(-500), UpdatedAt = now.AddDays(-500),
            };
            db.Articles.Add(article);
            await db.SaveChangesAsync();
            Foyer.Data.Blogs.ArticleComment Guest(int daysAgo) => new()
            {
                ArticleId = article.Id, GuestName = "Gast", GuestEmail = app.Unique("gast") + "@example.org", RemoteNetwork = "203.0.113.0/24",
                Markdown = "Schöne Premiere", Html = "<p>Schöne Premiere</p>", Status = Foyer.Data.Blogs.CommentStatus.Published, CreatedAt = now.AddDays(-daysAgo),
            };
            var (o, n) = (Guest(400), Guest(30));
            db.ArticleComments.AddRange(o, n);
            await db.SaveChangesAsync();
            return (o.Id, n.Id);
        });
        await ApplyRetentionAsync();
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Id == oldId)));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Id == newId)));
        var old = await app.WithDbAsync(db => db.ArticleComments.AsNoTracking().SingleAsync(c => c.Id == oldComment));
        Assert.Equal(("", "", "Schöne Premiere"), (old.GuestEmail, old.RemoteNetwork, old.Markdown));
        Assert.NotEqual("", await app.WithDbAsync(db => db.ArticleComments.Where(c => c.Id == newComment).Select(c => c.GuestEmail).SingleAsync()));
    }

    [Fact]
    public async Task Admin_actions_are_in_the_audit_log_which_only_admins_see_and_nobody_can_change()
    {
        var person = await app.CreateUserAsync();
        var admin = await app.LoginAsync(app.Admin);
        var changed = await admin.SubmitAsync("/admin/people", "/admin/people?handler=Role", new() { ["userId"] = person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = "Guest" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditAction.RoleChanged && a.Target == $"user:{person.Id}"));
        Assert.Equal(app.Admin.Id, entry.ActorId);
        Assert.Equal("from=Member to=Guest", entry.Details);

        var log = await admin.GetPageAsync("/admin/audit?action=RoleChanged");
        Assert.Contains(person.DisplayName, log, StringComparison.Ordinal);
        var member = await app.LoginAsync(await app.CreateUserAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/audit?action=Nonsense")).StatusCode);

        // Neither the model nor plain SQL can change an entry.
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var tracked = await db.AuditEntries.SingleAsync(a => a.Id == entry.Id);
            tracked.Details = "from=Member to=Admin";
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db =>
            db.AuditEntries.Where(a => a.Id == entry.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Details, "forged"))));
        Assert.Equal("from=Member to=Guest", await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Id == entry.Id).Select(a => a.Details).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SandboxAndRetentionSqliteTests(SqliteApp app) : SandboxAndRetentionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SandboxAndRetentionPostgresTests(PostgresApp app) : SandboxAndRetentionTests(app);
