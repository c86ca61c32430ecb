using System.Net;
using System.Text.RegularExpressions;
using Foyer.Data.Accounts;
using Foyer.Data.Notifications;
using Foyer.Data.Spaces;
using Foyer.Tests.Features.Wiki;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Notifications;

/// <summary>The bell: who hears about what, once, and only while they may still read what it is about.</summary>
public abstract partial class NotificationTests(FoyerApp app)
{
    private Task<List<Notification>> OfAsync(User user) =>
        app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.RecipientId == user.Id).OrderBy(n => n.Id).ToListAsync());

    [GeneratedRegex("class=\"bell-count\" data-count=\"(\\d+)\"")]
    private static partial Regex BellCount();

    private static int Bell(string page) => int.Parse(BellCount().Match(page).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_mention_rings_the_bell_and_opening_it_leads_to_the_post_and_marks_it_read()
    {
        var author = await app.CreateUserAsync();
        var mentioned = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, mentioned);
        var postId = await (await app.LoginAsync(author)).PublishAsync(space, $"Kannst du das prüfen, @{mentioned.Handle}?");

        var note = Assert.Single(await OfAsync(mentioned));
        Assert.Equal(NotificationKind.Mentioned, note.Kind);
        Assert.Equal(author.Id, note.ActorId);
        var client = await app.LoginAsync(mentioned);
        Assert.Equal(1, Bell(await client.GetPageAsync("/spaces")));
        var list = await client.GetPageAsync("/notifications");
        Assert.Contains($"{author.DisplayName}</strong> mentioned you: Kannst du das prüfen", WebUtility.HtmlDecode(list), StringComparison.Ordinal);

        var open = await client.GetAsync($"/notifications/{note.Id}");

        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal($"/posts/{postId}", open.Headers.Location?.ToString());
        Assert.NotNull((await OfAsync(mentioned)).Single().ReadAt);
        Assert.Equal(0, Bell(await client.GetPageAsync("/spaces")));
        Assert.Empty(await OfAsync(author));
    }

    [Fact]
    public async Task Comments_notify_the_post_author_replies_notify_the_comment_author_and_nobody_hears_of_their_own()
    {
        var author = await app.CreateUserAsync();
        var first = await app.CreateUserAsync();
        var second = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, first, second);
        var authorClient = await app.LoginAsync(author);
        var postId = await authorClient.PublishAsync(space, "Premierenfeier: wer kommt?");
        await (await app.LoginAsync(first)).CommentAsync(postId, "Ich!");
        var firstComment = await app.WithDbAsync(db => db.Comments.Where(c => c.PostId == postId).Select(c => c.Id).SingleAsync());

        await (await app.LoginAsync(second)).CommentAsync(postId, "Ich auch", firstComment);
        await authorClient.CommentAsync(postId, "Schön!");

        Assert.Equal([NotificationKind.CommentedOnYourPost, NotificationKind.CommentedOnYourPost], (await OfAsync(author)).Select(n => n.Kind));
        Assert.Equal([NotificationKind.Replied], (await OfAsync(first)).Select(n => n.Kind));
        Assert.Empty(await OfAsync(second));
        var reply = (await OfAsync(first)).Single();
        var target = await (await app.LoginAsync(first)).GetAsync($"/notifications/{reply.Id}");
        Assert.Equal($"/posts/{postId}#comment-2", target.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_like_notifies_once_even_when_toggled_again()
    {
        var author = await app.CreateUserAsync();
        var fan = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, fan);
        var postId = await (await app.LoginAsync(author)).PublishAsync(space, "Neues Plakat");
        var fanClient = await app.LoginAsync(fan);
        for (var i = 0; i < 3; i++)
        {
            await fanClient.PostFormAsync($"/posts/{postId}", $"/posts/{postId}?handler=Like", new() { ["returnUrl"] = $"/posts/{postId}" });
        }
        var note = Assert.Single(await OfAsync(author));
        Assert.Equal(NotificationKind.Reacted, note.Kind);
    }

    [Fact]
    public async Task Being_added_to_a_space_and_asking_to_join_one_are_told_to_the_right_people()
    {
        var spaceAdmin = await app.CreateUserAsync();
        var newcomer = await app.CreateUserAsync();
        var applicant = await app.CreateUserAsync();
        var closed = await app.CreateSpaceAsync(SpaceVisibility.Closed, spaceAdmin);
        var adminClient = await app.LoginAsync(spaceAdmin);
        var members = $"/spaces/{closed.Slug}/members";

        await adminClient.SubmitAsync(members, members + "?handler=Add", new() { ["who"] = newcomer.Email! });
        await (await app.LoginAsync(applicant)).SubmitAsync($"/spaces/{closed.Slug}", $"/spaces/{closed.Slug}?handler=RequestJoin", new() { ["message"] = "Darf ich?" });

        Assert.Equal(NotificationKind.AddedToSpace, Assert.Single(await OfAsync(newcomer)).Kind);
        var request = Assert.Single(await OfAsync(spaceAdmin));
        Assert.Equal(NotificationKind.JoinRequest, request.Kind);
        Assert.Equal(applicant.Id, request.ActorId);
        Assert.Equal(members, (await adminClient.GetAsync($"/notifications/{request.Id}")).Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_watched_page_changed_three_times_makes_one_unread_notification_and_not_for_its_editor()
    {
        var editor = await app.CreateUserAsync();
        var watcher = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, editor, watcher);
        var editorClient = await app.LoginAsync(editor);
        await editorClient.CreatePageAsync(space, "Probenplan", "Montag 10 Uhr");
        var watcherClient = await app.LoginAsync(watcher);
        await watcherClient.SubmitAsync($"/spaces/{space.Slug}/wiki/probenplan", $"/spaces/{space.Slug}/wiki/probenplan?handler=Watch", new());
        await editorClient.SubmitAsync($"/spaces/{space.Slug}/wiki/probenplan", $"/spaces/{space.Slug}/wiki/probenplan?handler=Watch", new());

        for (var v = 1; v <= 3; v++) await editorClient.EditPageAsync(space, "probenplan", "Probenplan", $"Montag {10 + v} Uhr", v);

        var note = Assert.Single(await OfAsync(watcher));
        Assert.Equal(NotificationKind.WatchedPageChanged, note.Kind);
        Assert.Empty(await OfAsync(editor));
    }

    [Fact]
    public async Task Someone_removed_from_a_space_stops_seeing_its_notifications()
    {
        var author = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var secret = await app.CreateSpaceAsync(SpaceVisibility.Secret, author, member);
        await (await app.LoginAsync(author)).PublishAsync(secret, $"Geheim, @{member.Handle}");
        var client = await app.LoginAsync(member);
        var note = Assert.Single(await OfAsync(member));
        Assert.Equal(1, Bell(await client.GetPageAsync("/spaces")));

        await app.WithDbAsync(db => db.SpaceMemberships.Where(m => m.SpaceId == secret.Id && m.UserId == member.Id).ExecuteDeleteAsync());
        app.Services.GetRequiredService<Foyer.Web.Features.Notifications.UnreadCounter>().Invalidate(member.Id);

        Assert.Equal(0, Bell(await client.GetPageAsync("/spaces")));
        Assert.DoesNotContain("Geheim", await client.GetPageAsync("/notifications"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/notifications/{note.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.LoginAsync(author)).GetAsync($"/notifications/{note.Id}")).StatusCode);
    }

    [Fact]
    public async Task Mark_all_as_read_empties_the_bell()
    {
        var author = await app.CreateUserAsync();
        var reader = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, reader);
        var authorClient = await app.LoginAsync(author);
        await authorClient.PublishAsync(space, $"Eins @{reader.Handle}");
        await authorClient.PublishAsync(space, $"Zwei @{reader.Handle}");
        var client = await app.LoginAsync(reader);
        Assert.Equal(2, Bell(await client.GetPageAsync("/notifications")));

        var response = await client.SubmitAsync("/notifications", "/notifications?handler=ReadAll", new());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, Bell(await client.GetPageAsync("/notifications")));
        Assert.All(await OfAsync(reader), n => Assert.NotNull(n.ReadAt));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteNotificationTests(SqliteApp app) : NotificationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresNotificationTests(PostgresApp app) : NotificationTests(app);
