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

/// <summary>Outlook .msg files: read from a compound file, refused cleanly when damaged.</summary>
public sealed class OutlookMsgTests
{
    [Fact]
    public void A_msg_file_gives_sender_date_subject_text_and_attachments()
    {
        var date = new DateTimeOffset(2026, 11, 3, 8, 15, 0, TimeSpan.Zero);
        var bytes = Foyer.Tests.Infrastructure.Mail.MsgWriter.Build("Jörg Müller", "joerg@landestheater.example", date, "Bauprobe Faust",
            "Bauprobe am 12.11. um 10 Uhr?\r\n\r\nGrüße, Jörg", ("plan.pdf", System.Text.Encoding.ASCII.GetBytes("%PDF-1.4 Plan")));

        var msg = OutlookMsg.Read(bytes);

        Assert.Equal(("Jörg Müller", "joerg@landestheater.example", "Bauprobe Faust"), (msg.SenderName, msg.SenderAddress, msg.Subject));
        Assert.Equal(date, msg.Date);
        Assert.StartsWith("Bauprobe am 12.11. um 10 Uhr?", msg.Body, StringComparison.Ordinal);
        var attachment = Assert.Single(msg.Attachments);
        Assert.Equal("plan.pdf", attachment.Name);
        Assert.Equal("%PDF-1.4 Plan", System.Text.Encoding.ASCII.GetString(attachment.Data));
    }

    [Fact]
    public void A_damaged_msg_is_refused_with_a_format_error()
    {
        var bytes = Foyer.Tests.Infrastructure.Mail.MsgWriter.Build("A", "a@x.example", DateTimeOffset.UnixEpoch, "S", "B");
        for (var i = 0; i < 128; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(512 + i * 4), 1); // every FAT link points to sector 1: a loop
        Assert.Throws<FormatException>(() => OutlookMsg.Read(bytes));
        Assert.Throws<FormatException>(() => OutlookMsg.Read(bytes[..600]));
    }
}
