using System.Net;
using System.Net.Sockets;
using System.Text;
using Foyer.Data.Accounts;
using Foyer.Data.Files;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Infrastructure.Database;
using Foyer.Web.Infrastructure.Mail;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Foyer.Tests.Features.Mail;

/// <summary>
/// Mail coming in through Foyer's SMTP listener, sent by a real SMTP client (MailKit) over loopback: replies become
/// comments, mail to a space becomes a post; forged, unauthorised, automatic and malformed mail does not.
/// </summary>
public abstract class MailInTests : IAsyncLifetime, IDisposable
{
    private readonly int _port = FreePort();
    private FoyerApp _app = null!;

    protected abstract DatabaseProvider Provider { get; }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async Task InitializeAsync()
    {
        _app = new FoyerApp(Provider, new()
        {
            ["Mail:Listen:Enabled"] = "true", ["Mail:Listen:Port"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Domain"] = "foyer.test", ["Files:MaxBytes"] = "100000", ["Outbox:Run"] = "false",
        });
        await _app.InitializeAsync();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, _port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException("the SMTP listener did not start");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose()
    {
        _app.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task SendAsync(MimeMessage message)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", _port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    private static MimeMessage Mail(User from, string to, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(from.DisplayName, from.Email!));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text, ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        return message;
    }

    private Task<string> ReplyAddressAsync(User user, long postId) => _app.Services.GetRequiredService<MailSigner>().ReplyAddressAsync(user.Id, postId);

    private Task<List<(long AuthorId, string Markdown)>> CommentsAsync(long postId) => _app.WithDbAsync(async db =>
        (await db.Comments.Where(c => c.PostId == postId).OrderBy(c => c.Id).Select(c => new { c.AuthorId, c.Markdown }).ToListAsync())
        .Select(c => (c.AuthorId, c.Markdown)).ToList());

    private async Task<(User Author, User Reader, Space Space, long PostId)> ThreadAsync()
    {
        var author = await _app.CreateUserAsync(name: "Klaus Becker");
        var reader = await _app.CreateUserAsync(name: "Ines Hartmann");
        var space = await _app.CreateSpaceAsync(SpaceVisibility.Closed, author, reader);
        var postId = await (await _app.LoginAsync(author)).PublishAsync(space, "Wer übernimmt die Hebebühne zwei am Montag?");
        return (author, reader, space, postId);
    }

    [Fact]
    public async Task A_reply_by_mail_becomes_a_comment_without_quote_and_signature_and_umlauts_survive()
    {
        var (author, reader, _, postId) = await ThreadAsync();
        var text = "Ich übernehme das, Grüße!\n\nAm 03.11.2026 um 10:00 schrieb Klaus Becker <foyer@foyer.test>:\n> Wer übernimmt die Hebebühne zwei am Montag?\n\n-- \nInes Hartmann\nTechnische Leitung";

        await SendAsync(Mail(reader, await ReplyAddressAsync(reader, postId), "Re: Wer übernimmt die Hebebühne?", text));

        var comment = Assert.Single(await CommentsAsync(postId));
        Assert.Equal(reader.Id, comment.AuthorId);
        Assert.Equal("Ich übernehme das, Grüße!", comment.Markdown);
        Assert.DoesNotContain(await CommentsAsync(postId), c => c.AuthorId == author.Id);
        // Insights count it as a mail moved into Foyer.
        Assert.True(await _app.WithDbAsync(db => db.MailArrivals.AnyAsync(m => m.UserId == reader.Id && m.Kind == Foyer.Data.Insights.MailArrivalKind.Comment && m.Mails == 1)));
    }

    [Fact]
    public async Task A_forged_sender_or_someone_elses_reply_address_is_refused_and_nothing_is_posted()
    {
        var (author, reader, _, postId) = await ThreadAsync();
        var address = await ReplyAddressAsync(reader, postId);

        var forged = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(Mail(author, address, "Re", "Ich bin Ines, wirklich.")));
        Assert.Contains("belongs to someone else", forged.Message, StringComparison.Ordinal);
        var tampered = address.Replace($"reply+{reader.Id}-", $"reply+{author.Id}-", StringComparison.Ordinal);
        await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(Mail(author, tampered, "Re", "Gefälscht")));

        Assert.Empty(await CommentsAsync(postId));
    }

    [Fact]
    public async Task Someone_removed_from_the_space_can_no_longer_reply_by_mail()
    {
        var (_, reader, space, postId) = await ThreadAsync();
        await _app.WithDbAsync(db => db.SpaceMemberships.Where(m => m.SpaceId == space.Id && m.UserId == reader.Id).ExecuteDeleteAsync());

        var address = await ReplyAddressAsync(reader, postId);
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(Mail(reader, address, "Re", "Noch da?")));

        Assert.Contains("no longer answer", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await CommentsAsync(postId));
    }

    [Fact]
    public async Task Unknown_addresses_are_refused_and_auto_replies_are_swallowed()
    {
        var (_, reader, _, postId) = await ThreadAsync();
        var unknown = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(Mail(reader, "info@foyer.test", "Hallo", "Hallo")));
        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, unknown.ErrorCode);

        var vacation = Mail(reader, await ReplyAddressAsync(reader, postId), "Abwesenheitsnotiz", "Ich bin bis Montag nicht im Haus.");
        vacation.Headers.Add("Auto-Submitted", "auto-replied");
        await SendAsync(vacation);

        Assert.Empty(await CommentsAsync(postId));
    }

    [Fact]
    public async Task A_members_mail_to_the_space_becomes_a_post_with_its_subject_and_a_cleaned_attachment()
    {
        var (_, reader, space, _) = await ThreadAsync();
        var outsider = await _app.CreateUserAsync();
        var message = Mail(reader, $"space.{space.Slug}@foyer.test", "Bühnenplan für Größenänderung", "Anbei der neue Plan.\n\nViele Grüße");
        var body = new BodyBuilder { TextBody = "Anbei der neue Plan." };
        body.Attachments.Add("plan.jpg", TestImages.JpegWithGps(), ContentType.Parse("image/jpeg"));
        message.Body = body.ToMessageBody();

        await SendAsync(message);

        var post = await _app.WithDbAsync(db => db.Posts.SingleAsync(p => p.SpaceId == space.Id && p.AuthorId == reader.Id && p.AttachmentCount == 1));
        Assert.StartsWith("**Bühnenplan für Größenänderung**", post.Markdown, StringComparison.Ordinal);
        Assert.Contains("Anbei der neue Plan.", post.Markdown, StringComparison.Ordinal);
        var file = await _app.WithDbAsync(db => db.Files.SingleAsync(f => f.OwnerKind == FileOwnerKind.Post && f.OwnerId == post.Id));
        Assert.Equal("image/jpeg", file.ContentType);
        var served = await (await _app.LoginAsync(reader)).GetAsync($"/files/{file.PublicId}/plan.jpg");
        Assert.False(TestImages.HasMetadata(await served.Content.ReadAsByteArrayAsync()));

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(Mail(outsider, $"space.{space.Slug}@foyer.test", "Spam", "Kauft!")));
        Assert.Contains("Only members", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forwarded_mail_thread_becomes_a_wiki_page_in_order_with_participants_files_and_originals()
    {
        var (_, reader, space, _) = await ThreadAsync();
        static MimeMessage Old(string from, string subject, string text, DateTimeOffset date, byte[]? file = null)
        {
            var m = new MimeMessage();
            m.From.Add(MailboxAddress.Parse(from));
            m.To.Add(MailboxAddress.Parse("team@landestheater.example"));
            m.Subject = subject;
            m.Date = date;
            var body = new BodyBuilder { TextBody = text };
            if (file is not null) body.Attachments.Add("bauprobe.pdf", file, ContentType.Parse("application/pdf"));
            m.Body = body.ToMessageBody();
            return m;
        }
        var first = Old("Jörg Müller <joerg@landestheater.example>", "Bauprobe Faust", "Bauprobe am 12.11. um 10 Uhr auf der Hauptbühne?",
            new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.FromHours(1)), Encoding.ASCII.GetBytes("%PDF-1.4 Plan"));
        var second = Old("Anna Schmidt <anna@stadttheater.example>", "Re: Bauprobe Faust",
            "Passt uns, wir bringen die Drehscheibe mit.\n\nAm 03.11.2026 um 09:00 schrieb Jörg Müller:\n> Bauprobe am 12.11.?",
            new DateTimeOffset(2026, 11, 3, 11, 30, 0, TimeSpan.FromHours(1)));
        var forward = new MimeMessage();
        forward.From.Add(new MailboxAddress(reader.DisplayName, reader.Email!));
        forward.To.Add(MailboxAddress.Parse($"wiki.{space.Slug}@foyer.test"));
        forward.Subject = "WG: Re: Bauprobe Faust";
        var mixed = new Multipart("mixed") { new TextPart("plain") { Text = "Zur Info, damit es nicht im Postfach verschwindet." } };
        mixed.Add(new MessagePart { Message = second, ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "antwort.eml" } });
        mixed.Add(new MessagePart { Message = first, ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "anfrage.eml" } });
        forward.Body = mixed;

        await SendAsync(forward);

        var page = await _app.WithDbAsync(db => db.WikiPages.SingleAsync(p => p.SpaceId == space.Id && p.Title == "Bauprobe Faust"));
        Assert.Contains("Jörg Müller", page.Markdown, StringComparison.Ordinal);
        Assert.Contains("Anna Schmidt", page.Markdown, StringComparison.Ordinal);
        Assert.True(page.Markdown.IndexOf("Bauprobe am 12.11.", StringComparison.Ordinal) < page.Markdown.IndexOf("Passt uns", StringComparison.Ordinal));
        Assert.DoesNotContain("> Bauprobe am 12.11.?", page.Markdown, StringComparison.Ordinal);
        Assert.Contains("Zur Info", page.Markdown, StringComparison.Ordinal);
        var names = await _app.WithDbAsync(db => db.Files.Where(f => f.OwnerKind == FileOwnerKind.WikiPage && f.OwnerId == page.Id).Select(f => f.FileName).ToListAsync());
        Assert.Contains("original.eml", names);
        Assert.Contains("anfrage.eml", names);
        Assert.Contains("antwort.eml", names);
        Assert.Equal(reader.Id, page.UpdatedById);
        // The thread's mails count as mails moved into Foyer (for insights).
        var arrival = await _app.WithDbAsync(db => db.MailArrivals.SingleAsync(m => m.SpaceId == space.Id && m.Kind == Foyer.Data.Insights.MailArrivalKind.WikiPage));
        Assert.True(arrival.Mails >= 2, $"{arrival.Mails} mails counted for a thread of two");
    }

    [Fact]
    public async Task Outlook_msg_attachments_become_the_messages_of_the_wiki_page()
    {
        var (_, reader, space, _) = await ThreadAsync();
        var first = Foyer.Tests.Infrastructure.Mail.MsgWriter.Build("Jörg Müller", "joerg@landestheater.example", new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero),
            "Lichtprobe", "Lichtprobe am Donnerstag ab 18 Uhr?");
        var second = Foyer.Tests.Infrastructure.Mail.MsgWriter.Build("Anna Schmidt", "anna@stadttheater.example", new DateTimeOffset(2026, 11, 3, 9, 30, 0, TimeSpan.Zero),
            "AW: Lichtprobe", "Donnerstag passt.\r\n\r\nVon: Jörg Müller\r\nGesendet: Montag\r\nLichtprobe am Donnerstag?");
        var message = Mail(reader, $"wiki.{space.Slug}@foyer.test", "WG: Lichtprobe", "Aus Outlook weitergeleitet.");
        var body = new BodyBuilder { TextBody = "Aus Outlook weitergeleitet." };
        body.Attachments.Add("antwort.msg", second, ContentType.Parse("application/vnd.ms-outlook"));
        body.Attachments.Add("anfrage.msg", first, ContentType.Parse("application/vnd.ms-outlook"));
        message.Body = body.ToMessageBody();

        await SendAsync(message);

        var page = await _app.WithDbAsync(db => db.WikiPages.SingleAsync(p => p.SpaceId == space.Id && p.Title == "Lichtprobe"));
        Assert.Contains("Jörg Müller", page.Markdown, StringComparison.Ordinal);
        Assert.True(page.Markdown.IndexOf("Lichtprobe am Donnerstag ab 18 Uhr?", StringComparison.Ordinal) < page.Markdown.IndexOf("Donnerstag passt.", StringComparison.Ordinal));
        Assert.DoesNotContain("Gesendet: Montag", page.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_giant_attachment_is_refused_with_the_limit_and_nothing_is_posted()
    {
        var (_, reader, space, _) = await ThreadAsync();
        var message = Mail(reader, $"space.{space.Slug}@foyer.test", "Großes Video", "");
        var body = new BodyBuilder { TextBody = "Hier das Video" };
        body.Attachments.Add("video.bin", new byte[300_000], ContentType.Parse("application/octet-stream"));
        message.Body = body.ToMessageBody();

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(message));

        Assert.Contains("video.bin is too large", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Posts.CountAsync(p => p.SpaceId == space.Id && p.AuthorId == reader.Id)));
    }

    [Fact]
    public async Task Malformed_mail_and_bounces_do_not_stop_the_listener()
    {
        var (_, reader, _, postId) = await ThreadAsync();
        var address = await ReplyAddressAsync(reader, postId);
        // A raw session: a bounce (empty envelope sender) with a body that is not MIME at all.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, _port);
            using var stream = tcp.GetStream();
            using var reader2 = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            async Task<string> Say(string line)
            {
                await writer.WriteLineAsync(line);
                return await reader2.ReadLineAsync() ?? "";
            }
            await reader2.ReadLineAsync();
            Assert.StartsWith("250", await Say("HELO evil.example"), StringComparison.Ordinal);
            Assert.StartsWith("250", await Say("MAIL FROM:<>"), StringComparison.Ordinal);
            Assert.StartsWith("250", await Say($"RCPT TO:<{address}>"), StringComparison.Ordinal);
            Assert.StartsWith("354", await Say("DATA"), StringComparison.Ordinal);
            await writer.WriteLineAsync("From: " + reader.Email);
            await writer.WriteLineAsync("Content-Type: multipart/mixed; boundary=\"never-closed\"");
            await writer.WriteLineAsync("");
            await writer.WriteLineAsync("--never-closed\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDelivery failed\xff\xfe");
            var answer = await Say(".");
            Assert.Matches("^(250|5)", answer);
            await Say("QUIT");
        }
        Assert.Empty(await CommentsAsync(postId));

        await SendAsync(Mail(reader, address, "Re", "Jetzt aber richtig."));

        Assert.Equal("Jetzt aber richtig.", Assert.Single(await CommentsAsync(postId)).Markdown);
    }
}

public sealed class SqliteMailInTests : MailInTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresMailInTests : MailInTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
