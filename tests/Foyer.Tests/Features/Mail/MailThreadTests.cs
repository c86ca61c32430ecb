using Foyer.Web.Infrastructure.Mail.Incoming;
using MimeKit;

namespace Foyer.Tests.Features.Mail;

/// <summary>Threads forwarded inline, as mail clients write them in German and English, come apart in order.</summary>
public sealed class MailThreadTests
{
    [Fact]
    public void Inline_forwards_become_messages_in_the_order_they_were_written()
    {
        var text = "Bitte ins Wiki.\n\n---------- Forwarded message ---------\nFrom: Anna Schmidt <anna@stadttheater.example>\nDate: Mon, 3 Nov 2026 11:30:00 +0100\n" +
            "Subject: Re: Bauprobe\nTo: Jörg <joerg@landestheater.example>\n\nPasst uns.\n\nAm 03.11.2026 um 09:00 schrieb Jörg:\n> Bauprobe?\n\n" +
            "-------- Weitergeleitete Nachricht --------\nVon: Jörg Müller <joerg@landestheater.example>\nDatum: Mon, 3 Nov 2026 09:00:00 +0100\nBetreff: Bauprobe\n\nBauprobe am 12.11.?";

        var messages = MailThread.Messages(new MimeMessage(), text);

        Assert.Equal(2, messages.Count);
        Assert.Equal("Jörg Müller <joerg@landestheater.example>", messages[0].Sender);
        Assert.Equal("Bauprobe am 12.11.?", messages[0].Text);
        Assert.Equal("Anna Schmidt <anna@stadttheater.example>", messages[1].Sender);
        Assert.Equal("Passt uns.", messages[1].Text);
        var markdown = MailThread.ToMarkdown(messages, "Bitte ins Wiki.", "Weitergeleitet von Ines", "Beteiligte:");
        Assert.Contains("**Beteiligte:** Jörg Müller &lt;joerg@landestheater.example&gt;, Anna Schmidt", markdown, StringComparison.Ordinal);
        Assert.Equal("Bauprobe", MailThread.Title("WG: AW: Re: Bauprobe"));
    }
}
