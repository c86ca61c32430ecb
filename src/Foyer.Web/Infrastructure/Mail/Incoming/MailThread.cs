using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Foyer.Web.Infrastructure.Mail.Incoming;

/// <summary>One message of a forwarded thread: who, when, what they wrote (their quotes of earlier mails removed).</summary>
public sealed record ThreadMessage(string Sender, DateTimeOffset? Date, string Subject, string Text);

/// <summary>
/// Takes a forwarded mail thread apart: messages attached as .eml (message/rfc822) and messages forwarded inline
/// ("---------- Forwarded message ---------", "-------- Weitergeleitete Nachricht --------", "Begin forwarded
/// message:" with their From/Date/Subject lines), Outlook .msg attachments, and lays them out as one wiki page in the
/// order they were written.
/// </summary>
public static partial class MailThread
{
    public static List<ThreadMessage> Messages(MimeMessage forward, string forwardText)
    {
        var messages = new List<ThreadMessage>();
        foreach (var part in forward.BodyParts.OfType<MessagePart>())
        {
            if (part.Message is { } attached) Collect(attached, messages);
        }
        // Outlook attaches mails as .msg files.
        foreach (var part in forward.Attachments.OfType<MimePart>())
        {
            if (part.Content is null) continue;
            using var buffer = new MemoryStream();
            part.Content.DecodeTo(buffer);
            var bytes = buffer.ToArray();
            if (!OutlookMsg.LooksLikeMsg(bytes)) continue;
            try
            {
                var msg = OutlookMsg.Read(bytes);
                var sender = msg.SenderName.Length > 0 && msg.SenderAddress.Length > 0 ? $"{msg.SenderName} <{msg.SenderAddress}>"
                    : msg.SenderName.Length > 0 ? msg.SenderName : msg.SenderAddress.Length > 0 ? msg.SenderAddress : "?";
                messages.Add(new ThreadMessage(sender, msg.Date, msg.Subject, ReplyText.Strip(msg.Body)));
            }
            catch (FormatException)
            {
                // A damaged .msg stays an attachment of the page; the thread is laid out without it.
            }
        }
        var blocks = ForwardMarker().Split(forwardText);
        for (var i = 1; i < blocks.Length; i++) messages.Add(ParseInline(blocks[i]));
        return [.. messages.OrderBy(m => m.Date ?? DateTimeOffset.MaxValue)];
    }

    private static void Collect(MimeMessage message, List<ThreadMessage> into)
    {
        var text = message.TextBody ?? "";
        into.Add(new ThreadMessage(Sender(message.From.Mailboxes.FirstOrDefault()), message.Date == DateTimeOffset.MinValue ? null : message.Date,
            message.Subject ?? "", ReplyText.Strip(ForwardMarker().Split(text)[0])));
        foreach (var part in message.BodyParts.OfType<MessagePart>())
        {
            if (part.Message is { } nested) Collect(nested, into);
        }
    }

    private static ThreadMessage ParseInline(string block)
    {
        var lines = block.ReplaceLineEndings("\n").Split('\n').ToList();
        string sender = "", subject = "";
        DateTimeOffset? date = null;
        var i = 0;
        for (; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                if (sender.Length > 0) break;
                continue;
            }
            var header = InlineHeader().Match(line);
            if (!header.Success) break;
            var value = header.Groups["value"].Value.Trim();
            switch (header.Groups["name"].Value.ToLowerInvariant())
            {
                case "from" or "von":
                    sender = MailboxAddress.TryParse(value, out var box) ? Sender(box) : value;
                    break;
                case "date" or "datum" or "gesendet" or "sent":
                    if (MimeKit.Utils.DateUtils.TryParse(value, out var parsed)) date = parsed;
                    else if (DateTimeOffset.TryParse(value, CultureInfo.GetCultureInfo("de-DE"), DateTimeStyles.AssumeUniversal, out var de)) date = de;
                    else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var en)) date = en;
                    break;
                case "subject" or "betreff":
                    subject = value;
                    break;
                default:
                    break;
            }
        }
        var text = string.Join('\n', lines.Skip(i));
        return new ThreadMessage(sender.Length > 0 ? sender : "?", date, subject, ReplyText.Strip(text));
    }

    private static string Sender(MailboxAddress? box) =>
        box is null ? "?" : string.IsNullOrWhiteSpace(box.Name) ? box.Address : $"{box.Name} <{box.Address}>";

    /// <summary>The page: who took part, then every message in order.</summary>
    public static string ToMarkdown(IReadOnlyList<ThreadMessage> messages, string note, string forwardedBy, string participantsLabel)
    {
        var md = new StringBuilder();
        if (note.Length > 0) md.Append(note).Append("\n\n");
        md.Append('_').Append(forwardedBy).Append("_\n\n");
        var people = messages.Select(m => m.Sender).Where(s => s != "?").Distinct().ToList();
        if (people.Count > 0) md.Append("**").Append(participantsLabel).Append("** ").Append(string.Join(", ", people.Select(Escape))).Append("\n\n");
        foreach (var m in messages)
        {
            md.Append("### ").Append(Escape(m.Sender));
            if (m.Date is { } d) md.Append(" · ").Append(d.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC");
            md.Append("\n\n").Append(m.Text.Trim()).Append("\n\n");
        }
        return md.ToString().TrimEnd() + "\n";
    }

    /// <summary>"Fwd: WG: Re: AW: Probenplan" → "Probenplan".</summary>
    public static string Title(string subject) => Prefixes().Replace(subject, "").Trim();

    private static string Escape(string value) => value.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*(?:-{3,}\s*(?:Forwarded message|Weitergeleitete Nachricht|Original Message|Ursprüngliche Nachricht)\s*-{3,}|Begin forwarded message:|Anfang der weitergeleiteten Nachricht:)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex ForwardMarker();

    [GeneratedRegex(@"^(?<name>From|Von|Date|Datum|Sent|Gesendet|Subject|Betreff|To|An|Cc)\s*:\s*(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHeader();

    [GeneratedRegex(@"^(?:\s*(?:fwd?|wg|aw|re|antw)\s*:\s*)+", RegexOptions.IgnoreCase)]
    private static partial Regex Prefixes();
}
