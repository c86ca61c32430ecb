using System.Globalization;
using System.Text;
using Foyer.Data;
using Foyer.Data.Mail;
using Foyer.Data.Notifications;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Outbox;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Foyer.Web.Infrastructure.Mail;

/// <summary>
/// Writes the notification mail a person has waiting: one notification as a mail of its own (with the text, and a
/// reply address that turns an answer into a comment), several as one mail, or the daily/weekly digest. What the
/// person may no longer read is left out (audience filter at sending time). The mail is stored with an idempotency
/// key and handed to the sender through the outbox, in the same transaction that marks the notifications mailed.
/// </summary>
public sealed class NotificationMailer(FoyerDbContext db, MailSigner signer, IOptions<MailOptions> options, TimeProvider time,
    IStringLocalizer<SharedResource> t, OrganisationState organisation) : IOutboxHandler
{
    public string Topic => MailScheduler.Topic;

    /// <summary>Encodes markup characters and leaves umlauts alone (readable HTML source, smaller mails).</summary>
    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private sealed record Item(long Id, NotificationKind Kind, string Actor, string? SpaceName, string? SpaceSlug, long? PostId, string? PostText,
        int? CommentNumber, string? CommentText, string? PageTitle, string? PageSlug, string? ArticleTitle);

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var userId = long.Parse(payload, CultureInfo.InvariantCulture);
        var now = time.GetUtcNow().UtcDateTime;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        var waiting = db.Notifications.Where(n => n.RecipientId == userId && n.MailedAt == null);
        if (user is null || user.DeactivatedAt is not null || user.EmailFrequency == EmailFrequency.Never || string.IsNullOrEmpty(user.Email))
        {
            await waiting.ExecuteUpdateAsync(s => s.SetProperty(n => n.MailedAt, now), cancellationToken);
            return;
        }
        var viewer = new Viewer(user.Id, user.Role, user.DisplayName, user.Handle);
        // What happens in the sandbox stays there: shown in the page, never mailed.
        var items = await db.Notifications.AsNoTracking().VisibleTo(db, viewer, now)
            .Where(n => n.MailedAt == null && !(n.Space != null && n.Space.IsSandbox) && !(n.Post != null && n.Post.Space!.IsSandbox)).OrderBy(n => n.Id).Take(200)
            .Select(n => new Item(n.Id, n.Kind, n.Actor != null ? n.Actor.DisplayName : "", n.Space != null ? n.Space.Name : null, n.Space != null ? n.Space.Slug : null,
                n.PostId, n.Post != null ? n.Post.PlainText : null, n.Comment != null ? (int?)n.Comment.Number : null, n.Comment != null ? n.Comment.PlainText : null,
                n.WikiPage != null ? n.WikiPage.Title : null, n.WikiPage != null ? n.WikiPage.Slug : null, n.Article != null ? n.Article.Title : null))
            .ToListAsync(cancellationToken);
        var lastId = await waiting.MaxAsync(n => (long?)n.Id, cancellationToken);
        if (lastId is null) return;
        var key = string.Create(CultureInfo.InvariantCulture, $"notify:{userId}:{lastId}");
        // Written before the transaction (signing may need the database too), stored within it.
        MimeMessage? message = null;
        if (items.Count > 0)
        {
            using (Localization.LanguageScope.Use(string.IsNullOrEmpty(user.Language) ? organisation.DefaultLanguage : user.Language))
            {
                message = await ComposeAsync(user.Id, user.DisplayName, user.Email, user.EmailFrequency, items, lastId.Value);
            }
        }
        // The mail, its place in the outbox and "these notifications went out" are one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        if (message is not null && !await db.OutgoingMails.AnyAsync(m => m.IdempotencyKey == key, cancellationToken))
        {
            var mail = new OutgoingMail
            {
                IdempotencyKey = key, UserId = user.Id, ToAddress = user.Email, Subject = Clip(message.Subject ?? "", 300), MessageId = message.MessageId ?? "",
                Mime = ToSevenBit(message), CreatedAt = now,
            };
            db.OutgoingMails.Add(mail);
            await db.SaveChangesAsync(cancellationToken);
            OutboxQueue.Enqueue(db, MailSender.Topic, mail.Id.ToString(CultureInfo.InvariantCulture), now);
            await db.SaveChangesAsync(cancellationToken);
        }
        await waiting.Where(n => n.Id <= lastId).ExecuteUpdateAsync(s => s.SetProperty(n => n.MailedAt, now), cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private async Task<MimeMessage> ComposeAsync(long userId, string name, string email, EmailFrequency frequency, List<Item> items, long lastId)
    {
        var o = options.Value;
        var org = organisation.Name;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(new MailboxAddress(Clean(name), email));
        message.MessageId = string.Create(CultureInfo.InvariantCulture, $"foyer-n{items[0].Id}-{lastId}-u{userId}@{o.Domain}");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        var token = await signer.UnsubscribeTokenAsync(userId);
        var unsubscribe = $"{o.BaseUrl.TrimEnd('/')}/mail/unsubscribe?token={Uri.EscapeDataString(token)}";
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("List-Id", $"{Clean(org)} <notifications.{o.Domain}>");

        var posts = items.Select(i => i.PostId).Distinct().ToList();
        var single = items.Count == 1;
        if (posts is [long postId])
        {
            // One thread: mail clients show it with the other mails of the same post, and a reply becomes a comment.
            var thread = string.Create(CultureInfo.InvariantCulture, $"post-{postId}@{o.Domain}");
            message.InReplyTo = thread;
            message.References.Add(thread);
            message.ReplyTo.Add(new MailboxAddress(Clean(org), await signer.ReplyAddressAsync(userId, postId)));
        }
        string subject;
        if (single) subject = $"{items[0].Actor} {Describe(items[0])}";
        else if (frequency == EmailFrequency.Daily) subject = t["Your daily summary from {0}: {1} new", org, items.Count];
        else if (frequency == EmailFrequency.Weekly) subject = t["Your weekly summary from {0}: {1} new", org, items.Count];
        else subject = t["{0} new notifications in {1}", items.Count, org];
        message.Subject = Clip(Clean(subject), 200);

        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        foreach (var item in items)
        {
            var link = $"{o.BaseUrl.TrimEnd('/')}/notifications/{item.Id.ToString(CultureInfo.InvariantCulture)}";
            text.Append("• ").Append(item.Actor).Append(' ').Append(Describe(item)).Append('\n').Append("  ").Append(link).Append("\n\n");
            html.Append("<p><strong>").Append(Html.Encode(item.Actor)).Append("</strong> ").Append(Html.Encode(Describe(item)))
                .Append("<br><a href=\"").Append(Html.Encode(link)).Append("\">").Append(Html.Encode(t["Open in {0}", org])).Append("</a></p>");
            if (single && (item.CommentText ?? item.PostText) is { Length: > 0 } full)
            {
                var body = Clip(full, 3000);
                text.Append(body).Append("\n\n");
                html.Append("<blockquote style=\"border-left:3px solid #ccc;margin:0;padding-left:1em\">")
                    .Append(Html.Encode(body).ReplaceLineEndings("<br>")).Append("</blockquote>");
            }
        }
        if (message.ReplyTo.Count > 0)
        {
            text.Append(t["Reply to this mail to answer in {0}.", org]).Append('\n');
            html.Append("<p style=\"color:#666\">").Append(Html.Encode(t["Reply to this mail to answer in {0}.", org])).Append("</p>");
        }
        var footer = t["You get these mails because of your settings in {0}. Unsubscribe: {1}", org, unsubscribe];
        text.Append("\n-- \n").Append(footer).Append('\n');
        html.Append("<hr><p style=\"color:#666;font-size:small\">").Append(Html.Encode(footer)).Append("</p></body></html>");
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    /// <summary>The message with every part in a 7-bit transfer encoding, so its text is plain ASCII and survives storage as is.</summary>
    internal static string ToSevenBit(MimeMessage message)
    {
        message.Prepare(EncodingConstraint.SevenBit);
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return Encoding.ASCII.GetString(buffer.ToArray());
    }

    private string Describe(Item i) =>
        Features.Notifications.NotificationText.Describe(t, i.Kind, i.PostText, i.CommentText, i.SpaceName, i.PageTitle, i.ArticleTitle);

    private static string Clean(string value) => Features.Notifications.NotificationText.OneLine(value);

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
