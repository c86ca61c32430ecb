using System.Globalization;
using System.Text;
using Foyer.Data;
using Foyer.Data.Mail;
using Foyer.Web.Infrastructure.Outbox;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Foyer.Web.Infrastructure.Mail.Incoming;

/// <summary>Polling a mailbox (section "Mail:Imap"), for organisations that cannot route mail to Foyer's listener.</summary>
public sealed class ImapOptions
{
    public bool Enabled { get; set; }
    public string Host { get; set; } = "";
    public int Port { get; set; } = 993;
    /// <summary>"Auto", "Tls" (implicit, port 993), "StartTls" or "None".</summary>
    public string Security { get; set; } = "Auto";
    public string User { get; set; } = "";
    public string Password { get; set; } = "";
    public string Folder { get; set; } = "INBOX";
    public int PollSeconds { get; set; } = 60;
}

/// <summary>
/// Fetches unread mail from an IMAP mailbox (MailKit), hands each message to <see cref="MailIntake"/> for every Foyer
/// address it was sent to, marks it read, and answers refused mail with a polite bounce (never to automatic mail).
/// </summary>
public sealed class ImapPoller(IOptions<MailOptions> mail, IServiceScopeFactory scopes, TimeProvider time, ILogger<ImapPoller> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = mail.Value.Imap;
        if (!o.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Polling the mailbox {User}@{Host} failed", o.User, o.Host);
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(5, o.PollSeconds)), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: every unread message; returns how many were handled.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct)
    {
        var o = mail.Value.Imap;
        using var client = new ImapClient { Timeout = 30_000 };
        var security = MailSecurity.Parse(o.Security);
        await client.ConnectAsync(o.Host, o.Port, security, ct);
        await client.AuthenticateAsync(o.User, o.Password, ct);
        var folder = await client.GetFolderAsync(o.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        var unread = await folder.SearchAsync(SearchQuery.NotSeen, ct);
        var handled = 0;
        foreach (var uid in unread)
        {
            var message = await folder.GetMessageAsync(uid, ct);
            await HandleAsync(message, ct);
            await folder.AddFlagsAsync(uid, MessageFlags.Seen, true, ct);
            handled++;
        }
        await client.DisconnectAsync(true, ct);
        return handled;
    }

    private async Task HandleAsync(MimeMessage message, CancellationToken ct)
    {
        var domain = mail.Value.Domain;
        // The envelope is gone in a mailbox; the delivering server left it in these headers.
        var returnPath = message.Headers[HeaderId.ReturnPath]?.Trim();
        var envelopeFrom = returnPath is null ? null : returnPath.Trim('<', '>');
        var recipients = message.Headers.Where(h => h.Field.Equals("Delivered-To", StringComparison.OrdinalIgnoreCase) || h.Field.Equals("X-Original-To", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value.Trim().Trim('<', '>'))
            .Concat(message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address))
            .Where(a => a.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        await using var scope = scopes.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<MailIntake>();
        var refused = new List<string>();
        foreach (var recipient in recipients)
        {
            var result = intake.IsOurs(recipient)
                ? await intake.AcceptAsync(message, envelopeFrom, recipient, ct)
                : new MailResult(MailOutcome.Rejected, $"There is no such address here: {recipient}.");
            if (result.Outcome == MailOutcome.Rejected) refused.Add(result.Reason);
        }
        if (refused.Count > 0 && !intake.IsAutomaticMail(message, envelopeFrom))
        {
            await QueueBounceAsync(scope.ServiceProvider.GetRequiredService<FoyerDbContext>(), message, refused, ct);
        }
    }

    /// <summary>A polite "not delivered" to the sender, sent through the outbox like every mail of Foyer's.</summary>
    private async Task QueueBounceAsync(FoyerDbContext db, MimeMessage original, List<string> reasons, CancellationToken ct)
    {
        var to = original.From.Mailboxes.FirstOrDefault();
        if (to is null) return;
        var o = mail.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var bounce = new MimeMessage();
        bounce.From.Add(MailboxAddress.Parse(o.From));
        bounce.To.Add(to);
        bounce.Subject = "Not delivered: " + (original.Subject ?? "");
        bounce.MessageId = $"foyer-bounce-{Guid.NewGuid():N}@{o.Domain}";
        if (original.MessageId is { } inReplyTo) bounce.InReplyTo = inReplyTo;
        bounce.Headers.Add("Auto-Submitted", "auto-replied");
        bounce.Body = new TextPart("plain")
        {
            Text = "Your mail could not be delivered in Foyer / Ihre Mail konnte in Foyer nicht zugestellt werden:\n\n" + string.Join("\n", reasons.Distinct()),
        };
        bounce.Prepare(EncodingConstraint.SevenBit);
        using var buffer = new MemoryStream();
        await bounce.WriteToAsync(buffer, ct);
        var outgoing = new OutgoingMail
        {
            IdempotencyKey = "bounce:" + (original.MessageId ?? bounce.MessageId), ToAddress = to.Address, Subject = bounce.Subject.Length > 300 ? bounce.Subject[..300] : bounce.Subject,
            MessageId = bounce.MessageId, Mime = Encoding.ASCII.GetString(buffer.ToArray()), CreatedAt = now,
        };
        if (db.OutgoingMails.Any(m => m.IdempotencyKey == outgoing.IdempotencyKey)) return;
        db.OutgoingMails.Add(outgoing);
        await db.SaveChangesAsync(ct);
        OutboxQueue.Enqueue(db, MailSender.Topic, outgoing.Id.ToString(CultureInfo.InvariantCulture), now);
        await db.SaveChangesAsync(ct);
    }
}
