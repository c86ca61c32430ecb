using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Foyer.Data;
using Foyer.Web.Features.Spaces;
using Foyer.Web.Features.Stream;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Foyer.Web.Infrastructure.Mail.Incoming;

public enum MailOutcome
{
    /// <summary>Became a comment or a post.</summary>
    Accepted,
    /// <summary>Taken and silently dropped: auto-replies, out-of-office, bounces, mail loops.</summary>
    Dropped,
    /// <summary>Refused with a reason the sender gets back (a polite bounce from their own mail server).</summary>
    Rejected,
}

public sealed record MailResult(MailOutcome Outcome, string Reason, string? Link = null);

/// <summary>
/// Mail that reaches Foyer, whichever way (its SMTP listener or an IMAP mailbox): replies to notification mails become
/// comments, mail to a space's address becomes a post. Every mail is checked like a form: who sent it (the From
/// address must be the person's, and a reply address must carry Foyer's signature), whether that person may still
/// write there, and whether it is a robot's answer that must never be posted or answered.
/// </summary>
public sealed partial class MailIntake(FoyerDbContext db, MailSigner signer, PostWriter writer, FileIntake files, IOptions<MailOptions> options,
    Features.Wiki.WikiWriter wiki, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t, TimeProvider time, ILogger<MailIntake> log)
{
    /// <summary>Is this an address Foyer answers to? (Asked before the message is taken, so unknown ones are refused at once.)</summary>
    public bool IsOurs(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0 || !address[(at + 1)..].Equals(options.Value.Domain, StringComparison.OrdinalIgnoreCase)) return false;
        var local = address[..at].ToLowerInvariant();
        return local.StartsWith("reply+", StringComparison.Ordinal) || SpaceAddress().IsMatch(local) || WikiAddress().IsMatch(local);
    }

    public async Task<MailResult> AcceptAsync(MimeMessage message, string? envelopeFrom, string recipient, CancellationToken ct = default)
    {
        if (IsAutomatic(message, envelopeFrom)) return new MailResult(MailOutcome.Dropped, "automatic mail (auto-reply, bounce or list)");
        var sender = message.From.Mailboxes.FirstOrDefault()?.Address?.Trim();
        if (string.IsNullOrEmpty(sender) || message.From.Mailboxes.Count() != 1) return Reject("The mail has no single sender address.");
        var normalized = sender.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized && u.DeactivatedAt == null, ct);
        var local = recipient[..recipient.LastIndexOf('@')].ToLowerInvariant();

        if (local.StartsWith("reply+", StringComparison.Ordinal))
        {
            if (await signer.ReadReplyAddressAsync(recipient) is not var (userId, postId)) return Reject("This reply address is not valid.");
            // The address belongs to one person; mail from anyone else (or a forged sender) does not post in their name.
            if (user is null || user.Id != userId) return Reject("This reply address belongs to someone else. Please reply from the address the notification was sent to.");
            var viewer = new Viewer(user.Id, user.Role, user.DisplayName, user.Handle);
            var post = await db.Posts.AsNoTracking().VisibleTo(viewer).FirstOrDefaultAsync(p => p.Id == postId, ct);
            var access = post is null ? null : await SpaceAccess.LoadAsync(db, viewer, post.SpaceId);
            if (post is null || access is null || !access.CanParticipate(viewer)) return Reject("You can no longer answer in this thread.");
            var (text, stored) = await ReadAsync(message, viewer, ct);
            if (stored.Error is not null) return Reject(stored.Error);
            var body = ReplyText.Strip(text);
            if (body.Length == 0 && stored.Files.Count == 0) return Reject("The reply is empty (only quoted text was found).");
            var comment = await writer.AddCommentAsync(access.Space, postId, user.Id, Limit(body, Foyer.Data.Stream.Comment.MaxMarkdownLength), null, stored.Files);
            await ArrivedAsync(access.Space.Id, user.Id, Foyer.Data.Insights.MailArrivalKind.Comment, 1);
            log.LogInformation("Mail from user {User} became comment {Comment} on post {Post}", user.Id, comment.Id, postId);
            return new MailResult(MailOutcome.Accepted, "comment", $"/posts/{postId}#comment-{comment.Number}");
        }

        if (WikiAddress().Match(local) is { Success: true } wikiMatch) return await ThreadToWikiAsync(message, user, wikiMatch.Groups["slug"].Value, ct);
        var match = SpaceAddress().Match(local);
        if (!match.Success) return Reject("There is no such address here.");
        if (user is null) return Reject("Only members of the space can write to it by mail, from the address they use in Foyer.");
        var member = new Viewer(user.Id, user.Role, user.DisplayName, user.Handle);
        var slug = match.Groups["slug"].Value;
        var spaceAccess = await SpaceAccess.LoadAsync(db, member, slug);
        if (spaceAccess is null || !spaceAccess.IsMember || !spaceAccess.CanParticipate(member)) return Reject("Only members of the space can write to it by mail.");
        var (content, attachments) = await ReadAsync(message, member, ct);
        if (attachments.Error is not null) return Reject(attachments.Error);
        var subject = Clean(message.Subject ?? "");
        var markdown = (subject.Length > 0 ? $"**{Escape(subject)}**\n\n" : "") + content.Trim();
        if (markdown.Trim().Length == 0 && attachments.Files.Count == 0) return Reject("The mail is empty.");
        var created = await writer.PublishAsync(spaceAccess.Space, user.Id, Limit(markdown, Foyer.Data.Stream.Post.MaxMarkdownLength), attachments.Files);
        await ArrivedAsync(spaceAccess.Space.Id, user.Id, Foyer.Data.Insights.MailArrivalKind.Post, 1);
        log.LogInformation("Mail from user {User} became post {Post} in space {Space}", user.Id, created.Id, spaceAccess.Space.Id);
        return new MailResult(MailOutcome.Accepted, "post", $"/posts/{created.Id}");
    }

    private static MailResult Reject(string reason) => new(MailOutcome.Rejected, reason);

    /// <summary>For insights: a mail (or a forwarded thread of several) that became content instead of circulating.</summary>
    private async Task ArrivedAsync(long spaceId, long userId, Foyer.Data.Insights.MailArrivalKind kind, int mails)
    {
        db.MailArrivals.Add(new Foyer.Data.Insights.MailArrival { At = time.GetUtcNow().UtcDateTime, SpaceId = spaceId, UserId = userId, Kind = kind, Mails = Math.Max(1, mails) });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A forwarded mail thread becomes a wiki page: the messages in the order they were written, who took part, the
    /// attachments, and the original mails as .eml files. The forwarding member must be able to write in the space.
    /// </summary>
    private async Task<MailResult> ThreadToWikiAsync(MimeMessage message, Foyer.Data.Accounts.User? user, string slug, CancellationToken ct)
    {
        if (user is null) return Reject("Only members of the space can send mail threads to its wiki, from the address they use in Foyer.");
        var member = new Viewer(user.Id, user.Role, user.DisplayName, user.Handle);
        var access = await SpaceAccess.LoadAsync(db, member, slug);
        if (access is null || !access.IsMember || !access.CanParticipate(member)) return Reject("Only members of the space can send mail threads to its wiki.");
        var (text, _) = await ReadAsync(message, member, ct, attachments: false);
        var thread = MailThread.Messages(message, text);
        if (thread.Count == 0) return Reject("No forwarded mails were found: forward the thread inline or attach the mails as .eml files.");
        var note = ReplyText.Strip(System.Text.RegularExpressions.Regex.Split(text, @"^\s*(?:-{3,}.*-{3,}|Begin forwarded message:)\s*$",
            System.Text.RegularExpressions.RegexOptions.Multiline)[0]);
        var now = time.GetUtcNow().UtcDateTime;
        var markdown = MailThread.ToMarkdown(thread, note, t["Mail thread forwarded by {0} on {1}.", user.DisplayName, now.ToString("d", System.Globalization.CultureInfo.CurrentCulture)],
            t["Participants:"]);
        var title = MailThread.Title(Clean(message.Subject ?? ""));
        if (title.Length == 0) title = t["Mail thread of {0}", now.ToString("d", System.Globalization.CultureInfo.CurrentCulture)];
        if (title.Length > 150) title = title[..150];

        // The originals (.eml) and the files of every message come along.
        var incoming = new List<FileIntake.IncomingFile>();
        using (var original = new MemoryStream())
        {
            await message.WriteToAsync(original, ct);
            var bytes = original.ToArray();
            incoming.Add(new FileIntake.IncomingFile("original.eml", bytes.Length, _ => Task.FromResult(bytes)));
        }
        foreach (var part in message.BodyParts.OfType<MessagePart>().Where(p => p.Message is not null))
        {
            using var buffer = new MemoryStream();
            await part.Message!.WriteToAsync(buffer, ct);
            var bytes = buffer.ToArray();
            var name = (part.ContentDisposition?.FileName ?? MailThread.Title(part.Message.Subject ?? "mail")) is { Length: > 0 } n ? n : "mail";
            incoming.Add(new FileIntake.IncomingFile(name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) ? name : name + ".eml", bytes.Length, _ => Task.FromResult(bytes)));
        }
        incoming.AddRange(await AttachmentsAsync(message, ct));
        var stored = await files.StoreAsync(member, incoming, [], 0, ct);
        if (stored.Error is not null) return Reject(stored.Error);

        var (page, outcome) = await wiki.CreateAsync(access.Space, user.Id, title, Limit(markdown, Foyer.Data.Wiki.WikiPage.MaxMarkdownLength), null, t["From a mail thread"], null);
        if (page is null || outcome == Features.Wiki.WikiSaveOutcome.TitleTaken)
        {
            (page, outcome) = await wiki.CreateAsync(access.Space, user.Id, $"{title} ({now:yyyy-MM-dd HH:mm})", Limit(markdown, Foyer.Data.Wiki.WikiPage.MaxMarkdownLength), null, t["From a mail thread"], null);
        }
        if (page is null) return Reject("A wiki page with this title already exists.");
        await FileIntake.AttachAsync(db, stored.Files, Foyer.Data.Files.FileOwnerKind.WikiPage, page.Id);
        await ArrivedAsync(access.Space.Id, user.Id, Foyer.Data.Insights.MailArrivalKind.WikiPage, thread.Count);
        log.LogInformation("Mail thread from user {User} became wiki page {Page} in space {Space}", user.Id, page.Id, access.Space.Id);
        return new MailResult(MailOutcome.Accepted, "wiki", $"/spaces/{access.Space.Slug}/wiki/{page.Slug}");
    }

    /// <summary>Automatic mail is never answered either (no bounce to a bounce, no loop).</summary>
    public bool IsAutomaticMail(MimeMessage message, string? envelopeFrom) => IsAutomatic(message, envelopeFrom);

    /// <summary>Auto-replies, vacation notices, delivery reports, list traffic and Foyer's own mails never become content.</summary>
    private bool IsAutomatic(MimeMessage message, string? envelopeFrom)
    {
        if (envelopeFrom is not null && (envelopeFrom.Length == 0 || envelopeFrom == "<>" || envelopeFrom.StartsWith('@'))) return true; // a bounce
        var auto = message.Headers[HeaderId.AutoSubmitted];
        if (!string.IsNullOrEmpty(auto) && !auto.Trim().Equals("no", StringComparison.OrdinalIgnoreCase)) return true;
        var precedence = message.Headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "junk" or "list" or "auto_reply") return true;
        // Vacation responders that set no standard header, and mailing-list traffic.
        if (message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond") || message.Headers.Contains(HeaderId.ListId)) return true;
        if (message.Body is MultipartReport) return true;
        var domain = options.Value.Domain;
        return message.From.Mailboxes.Any(m => m.Address.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The text (plain text part, else the HTML part as text) and the attachments, stored as the sender's files.</summary>
    private async Task<(string Text, FileIntakeResult Files)> ReadAsync(MimeMessage message, Viewer viewer, CancellationToken ct, bool attachments = true)
    {
        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text) && message.HtmlBody is { } html)
        {
            var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(html);
            foreach (var br in document.QuerySelectorAll("br")) br.Replace(document.CreateTextNode("\n"));
            foreach (var p in document.QuerySelectorAll("p, div, li, blockquote")) p.Append(document.CreateTextNode("\n"));
            foreach (var quote in document.QuerySelectorAll("blockquote, .gmail_quote")) quote.Remove();
            text = document.Body?.TextContent ?? "";
        }
        if (!attachments) return (text ?? "", new FileIntakeResult([]));
        var stored = await files.StoreAsync(viewer, await AttachmentsAsync(message, ct), [], 0, ct);
        return (text ?? "", stored);
    }

    private static async Task<List<FileIntake.IncomingFile>> AttachmentsAsync(MimeMessage message, CancellationToken ct)
    {
        var incoming = new List<FileIntake.IncomingFile>();
        foreach (var part in message.Attachments.OfType<MimePart>())
        {
            using var buffer = new MemoryStream();
            if (part.Content is null) continue;
            await part.Content.DecodeToAsync(buffer, ct);
            var bytes = buffer.ToArray();
            incoming.Add(new FileIntake.IncomingFile(part.FileName ?? "attachment", bytes.Length, _ => Task.FromResult(bytes)));
        }
        return incoming;
    }

    private static string Clean(string value) => Features.Notifications.NotificationText.OneLine(value);

    /// <summary>A subject shown in bold: Markdown characters in it stay characters.</summary>
    private static string Escape(string value) => MarkdownSpecial().Replace(value, "\\$0");

    private static string Limit(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex(@"^space\.(?<slug>[a-z0-9][a-z0-9-]{0,80})$")]
    private static partial Regex SpaceAddress();

    [GeneratedRegex(@"^wiki\.(?<slug>[a-z0-9][a-z0-9-]{0,80})$")]
    private static partial Regex WikiAddress();

    [GeneratedRegex(@"[\\`*_{}\[\]()#+!|<>]")]
    private static partial Regex MarkdownSpecial();
}
