using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Infrastructure.Database;
using Foyer.Web.Infrastructure.Mail;
using Foyer.Web.Infrastructure.Mail.Incoming;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Foyer.Tests.Features.Mail;

/// <summary>
/// Mail fetched from an IMAP mailbox (a throwaway Dovecot that test.sh starts): replies become comments, refused mail
/// gets a polite bounce, automatic mail gets nothing, and every message is read once.
/// </summary>
public sealed class ImapTests : IAsyncLifetime, IDisposable
{
    private static readonly string Server = Environment.GetEnvironmentVariable("FOYER_TEST_IMAP")
        ?? throw new InvalidOperationException("FOYER_TEST_IMAP is not set: run the tests with ./test.sh, which starts Dovecot.");
    private const string Password = "foyer-imap-test";
    private readonly string _mailbox = "foyer" + Guid.NewGuid().ToString("N")[..8];
    private FoyerApp _app = null!;

    public async Task InitializeAsync()
    {
        var (host, port) = (Server.Split(':')[0], Server.Split(':')[1]);
        _app = new FoyerApp(DatabaseProvider.Sqlite, new()
        {
            ["Mail:Domain"] = "foyer.test", ["Outbox:Run"] = "false", ["Mail:Imap:Host"] = host, ["Mail:Imap:Port"] = port,
            ["Mail:Imap:Security"] = "None", ["Mail:Imap:User"] = _mailbox, ["Mail:Imap:Password"] = Password,
        });
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _app.Dispose();

    private async Task DeliverAsync(params MimeMessage[] messages)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(Server.Split(':')[0], int.Parse(Server.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), SecureSocketOptions.None);
        await client.AuthenticateAsync(_mailbox, Password);
        foreach (var m in messages) await client.Inbox.AppendAsync(m, MessageFlags.None);
        await client.DisconnectAsync(true);
    }

    private static MimeMessage Mail(User from, string to, string text, string? returnPath = null)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress(from.DisplayName, from.Email!));
        m.To.Add(MailboxAddress.Parse(to));
        m.Subject = "Re: Probe";
        m.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("sender.example");
        m.Headers.Add("Return-Path", $"<{returnPath ?? from.Email}>");
        m.Body = new TextPart("plain") { Text = text };
        return m;
    }

    [Fact]
    public async Task Replies_in_the_mailbox_become_comments_refusals_get_a_bounce_and_robots_nothing()
    {
        var author = await _app.CreateUserAsync();
        var reader = await _app.CreateUserAsync();
        var stranger = await _app.CreateUserAsync();
        var space = await _app.CreateSpaceAsync(SpaceVisibility.Closed, author, reader);
        var postId = await (await _app.LoginAsync(author)).PublishAsync(space, "Probe um zehn?");
        var address = await _app.Services.GetRequiredService<MailSigner>().ReplyAddressAsync(reader.Id, postId);
        var vacation = Mail(reader, address, "Bin im Urlaub.");
        vacation.Headers.Add("Auto-Submitted", "auto-replied");

        await DeliverAsync(Mail(reader, address, "Zehn passt.\n\n> Probe um zehn?"), Mail(stranger, address, "Ich mische mich ein."), vacation);
        var poller = _app.Services.GetRequiredService<ImapPoller>();

        Assert.Equal(3, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(0, await poller.PollOnceAsync(CancellationToken.None));

        var comments = await _app.WithDbAsync(db => db.Comments.Where(c => c.PostId == postId).Select(c => new { c.AuthorId, c.Markdown }).ToListAsync());
        var comment = Assert.Single(comments);
        Assert.Equal((reader.Id, "Zehn passt."), (comment.AuthorId, comment.Markdown));
        var bounces = await _app.WithDbAsync(db => db.OutgoingMails.Where(m => m.IdempotencyKey.StartsWith("bounce:")).ToListAsync());
        var bounce = Assert.Single(bounces);
        Assert.Equal(stranger.Email, bounce.ToAddress);
        Assert.Contains("belongs to someone else", bounce.Mime, StringComparison.Ordinal);
    }
}
