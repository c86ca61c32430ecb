using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Mail;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Foyer.Tests.Infrastructure.Mail;
using Foyer.Web.Infrastructure.Database;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;

namespace Foyer.Tests.Features.Mail;

/// <summary>
/// Notification mails through real SMTP on loopback: batching, digests, threading headers, reply addresses,
/// one-click unsubscribe, language, header hygiene, and exactly-once sending across an interrupted batch.
/// The outbox is driven by the test (Outbox:Run = false) so the fake clock decides what is due.
/// </summary>
public abstract class MailOutTests : IAsyncLifetime, IDisposable
{
    private readonly SmtpSink _sink = new();
    private FoyerApp _app = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync()
    {
        _app = new FoyerApp(Provider, new()
        {
            ["Outbox:Run"] = "false", ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None", ["Mail:Domain"] = "foyer.test", ["Mail:BaseUrl"] = "http://foyer.test", ["Mail:BatchMinutes"] = "10",
            ["Mail:From"] = "Foyer <foyer@foyer.test>",
        });
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
    }

    public void Dispose()
    {
        _app.Dispose();
        GC.SuppressFinalize(this);
    }

    private OutboxDispatcher Dispatcher => _app.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();

    /// <summary>Runs what is due until nothing is left (mails are composed in one round and sent in the next).</summary>
    private async Task DispatchAsync()
    {
        for (var i = 0; i < 10 && await Dispatcher.RunOnceAsync(CancellationToken.None) > 0; i++)
        {
        }
    }

    private Task<int> SetAsync(User user, EmailFrequency frequency, string language = "") =>
        _app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailFrequency, frequency).SetProperty(u => u.Language, language)));

    /// <summary>Why mails did not arrive, for the failure message.</summary>
    private Task<string> ErrorsAsync() => _app.WithDbAsync(async db =>
        string.Join("; ", await db.OutgoingMails.Select(m => m.Status + ": " + m.LastError).ToListAsync()) + " | outbox: " +
        string.Join("; ", await db.Outbox.Select(m => m.Topic + " " + m.Attempts + " " + m.LastError).ToListAsync()));

    private List<MimeMessage> To(User user) => _sink.Messages.Where(m => m.To.Mailboxes.Any(b => b.Address == user.Email)).ToList();

    private async Task<(User Author, User Reader, Space Space, TestClient AuthorClient)> TwoPeopleAsync()
    {
        var author = await _app.CreateUserAsync(name: "Klaus Becker");
        var reader = await _app.CreateUserAsync(name: "Ines Hartmann");
        var space = await _app.CreateSpaceAsync(SpaceVisibility.Closed, author, reader);
        return (author, reader, space, await _app.LoginAsync(author));
    }

    [Fact]
    public async Task A_mention_becomes_one_threaded_mail_with_a_reply_address_and_one_click_unsubscribe()
    {
        var (author, reader, space, client) = await TwoPeopleAsync();
        var postId = await client.PublishAsync(space, $"@{reader.Handle} die Hebebühne zwei ist frei ab Montag.");

        await DispatchAsync();
        Assert.Empty(_sink.Messages); // the batching window is still open
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await DispatchAsync();

        Assert.True(To(reader).Count == 1, await ErrorsAsync());
        var mail = Assert.Single(To(reader));
        Assert.Equal("Klaus Becker mentioned you: @" + reader.Handle + " die Hebebühne zwei ist frei ab Montag.", mail.Subject);
        Assert.Equal($"post-{postId}@foyer.test", mail.InReplyTo);
        Assert.Contains($"post-{postId}@foyer.test", mail.References);
        var replyTo = Assert.Single(mail.ReplyTo.Mailboxes).Address;
        Assert.StartsWith($"reply+{reader.Id}-{postId}-", replyTo, StringComparison.Ordinal);
        Assert.EndsWith("@foyer.test", replyTo, StringComparison.Ordinal);
        Assert.EndsWith("@foyer.test", mail.MessageId, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Contains("die Hebebühne zwei ist frei", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("die Hebebühne zwei ist frei", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Empty(To(author));
        Assert.True(await _app.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == reader.Id).AllAsync(n => n.MailedAt != null)));

        // One click in the mail client: a POST to the List-Unsubscribe address, without login or form token.
        var unsubscribe = new Uri(mail.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        var anonymous = _app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.Http.PostAsync(unsubscribe.PathAndQuery, null)).StatusCode);
        Assert.Equal(EmailFrequency.Never, await _app.WithDbAsync(db => db.Users.Where(u => u.Id == reader.Id).Select(u => u.EmailFrequency).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.Http.PostAsync(unsubscribe.PathAndQuery.Replace("-", "-0", StringComparison.Ordinal), null)).StatusCode);
    }

    [Fact]
    public async Task A_mention_in_the_sandbox_is_shown_in_the_page_but_never_mailed()
    {
        var (author, reader, _, client) = await TwoPeopleAsync();
        var sandbox = await _app.WithDbAsync(async db =>
        {
            var space = await db.Spaces.SingleAsync(s => s.IsSandbox);
            db.SpaceMemberships.AddRange(
                new SpaceMembership { SpaceId = space.Id, UserId = author.Id, JoinedAt = DateTime.UtcNow },
                new SpaceMembership { SpaceId = space.Id, UserId = reader.Id, JoinedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return space;
        });
        await client.PublishAsync(sandbox, $"@{reader.Handle} nur ein Versuch auf der Spielwiese.");

        await DispatchAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await DispatchAsync();

        Assert.True(await _app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.RecipientId == reader.Id)));
        Assert.Empty(To(reader));
        Assert.False(await _app.WithDbAsync(db => db.OutgoingMails.AnyAsync(m => m.UserId == reader.Id)));
    }

    [Fact]
    public async Task Five_comments_in_ten_minutes_make_one_mail()
    {
        var (author, reader, space, client) = await TwoPeopleAsync();
        var postId = await client.PublishAsync(space, "Wer hat den Schlüssel zur Probebühne?");
        var readerClient = await _app.LoginAsync(reader);
        for (var i = 1; i <= 5; i++)
        {
            await readerClient.CommentAsync(postId, $"Hinweis {i}");
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
            await DispatchAsync();
        }
        Assert.Empty(_sink.Messages);

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await DispatchAsync();

        var mail = Assert.Single(To(author));
        Assert.Equal("5 new notifications in Stadttheater Test", mail.Subject);
        for (var i = 1; i <= 5; i++) Assert.Contains($"Hinweis {i}", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal($"post-{postId}@foyer.test", mail.InReplyTo);
    }

    [Fact]
    public async Task A_daily_reader_gets_one_german_summary_at_the_digest_hour_and_a_never_reader_nothing()
    {
        // Noon: the digest hour (07:00 UTC) is not crossed by the batching minutes below, whatever the time the test runs.
        var start = _app.Clock.GetUtcNow();
        var noon = new DateTimeOffset(start.UtcDateTime.Date.AddHours(12), TimeSpan.Zero);
        _app.Clock.SetUtcNow(noon > start ? noon : noon.AddDays(1));
        var (author, reader, space, client) = await TwoPeopleAsync();
        var silent = await _app.CreateUserAsync();
        await _app.WithDbAsync(db => { db.SpaceMemberships.Add(new SpaceMembership { SpaceId = space.Id, UserId = silent.Id, JoinedAt = DateTime.UtcNow }); return db.SaveChangesAsync(); });
        await SetAsync(reader, EmailFrequency.Daily, "de");
        await SetAsync(silent, EmailFrequency.Never);
        await client.PublishAsync(space, $"Erstens @{reader.Handle} @{silent.Handle}");
        await client.PublishAsync(space, $"Zweitens @{reader.Handle} @{silent.Handle}");

        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await DispatchAsync();
        Assert.Empty(_sink.Messages);
        _app.Clock.Advance(TimeSpan.FromHours(25));
        await DispatchAsync();

        var digest = Assert.Single(To(reader));
        Assert.StartsWith("Deine tägliche Zusammenfassung aus Stadttheater Test: 2 neu", digest.Subject, StringComparison.Ordinal);
        Assert.Contains("Erstens", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("Zweitens", digest.TextBody, StringComparison.Ordinal);
        Assert.Empty(To(silent));
        Assert.True(await _app.WithDbAsync(db => db.Notifications.Where(n => n.RecipientId == silent.Id).AllAsync(n => n.MailedAt != null)));
    }

    [Fact]
    public async Task A_muted_thread_sends_nothing_and_a_name_with_line_breaks_cannot_add_headers()
    {
        var (author, reader, space, client) = await TwoPeopleAsync();
        var muted = await client.PublishAsync(space, "Laut");
        await _app.WithDbAsync(db => db.Users.Where(u => u.Id == author.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "Klaus\r\nBcc: victim@evil.example")));
        var readerClient = await _app.LoginAsync(reader);
        await readerClient.SubmitAsync($"/posts/{muted}", "/subscriptions", new() { ["postId"] = muted.ToString(System.Globalization.CultureInfo.InvariantCulture), ["mode"] = "mute", ["returnUrl"] = $"/posts/{muted}" });

        var authorAgain = await _app.LoginAsync(author);
        await authorAgain.CommentAsync(muted, $"@{reader.Handle} hörst du?");
        var other = await authorAgain.PublishAsync(space, $"@{reader.Handle} und hier?");
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await DispatchAsync();

        var mail = Assert.Single(To(reader));
        Assert.Contains("und hier?", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("hörst du", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', mail.Subject ?? "");
        Assert.Empty(mail.Bcc);
        Assert.Single(mail.To);
        Assert.Equal($"post-{other}@foyer.test", mail.InReplyTo);
    }

    [Fact]
    public async Task An_interrupted_batch_sends_every_mail_exactly_once_after_the_restart()
    {
        var author = await _app.CreateUserAsync();
        var readers = new List<User>();
        for (var i = 0; i < 10; i++) readers.Add(await _app.CreateUserAsync());
        var space = await _app.CreateSpaceAsync(SpaceVisibility.Open, author, [.. readers]);
        await DispatchAsync(); // the new people and the space go into the search index first
        await (await _app.LoginAsync(author)).PublishAsync(space, "Alle: " + string.Join(' ', readers.Select(r => "@" + r.Handle)));
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await Dispatcher.RunOnceAsync(CancellationToken.None); // composes ten mails (and indexes the post)
        Assert.Equal(10, await _app.WithDbAsync(db => db.OutgoingMails.CountAsync()));

        using (var crash = new CancellationTokenSource())
        {
            _sink.Received = n => { if (n == 4) crash.Cancel(); };
            await Dispatcher.RunOnceAsync(crash.Token); // the node goes down after the fourth mail
            _sink.Received = null;
        }
        Assert.Equal(4, _sink.Messages.Count);
        // A replay of work that was already done (a crash after sending, before the outbox noted it) sends nothing.
        await _app.WithDbAsync(db => db.Outbox.Where(m => m.Topic == "mail.send").ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, (DateTime?)null)));

        await DispatchAsync(); // after the restart

        Assert.Equal(10, _sink.Messages.Count);
        Assert.Equal(10, _sink.Messages.Select(m => m.MessageId).Distinct().Count());
        foreach (var r in readers) Assert.Single(To(r));
        Assert.Equal(10, await _app.WithDbAsync(db => db.OutgoingMails.CountAsync(m => m.Status == OutgoingMailStatus.Sent)));
    }
}

public sealed class SqliteMailOutTests : MailOutTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresMailOutTests : MailOutTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
