using Foyer.Web.Infrastructure.Mail.Incoming;

namespace Foyer.Tests.Features.Mail;

/// <summary>What is left of a reply after the quote and the signature are gone, for the mail clients people use.</summary>
public sealed class ReplyTextTests
{
    [Theory]
    [InlineData("Passt!\n\nOn Mon, 3 Nov 2026 at 10:00, Klaus <k@x.example> wrote:\n> Montag?", "Passt!")]
    [InlineData("Passt!\n\nOn Mon, Nov 3, 2026 at 10:00 AM Klaus Becker <\nk@x.example> wrote:\n> Montag?", "Passt!")]
    [InlineData("Passt!\n\nAm 03.11.2026 um 10:00 schrieb Klaus Becker <k@x.example>:\n> Montag?", "Passt!")]
    [InlineData("Passt!\n\n-----Ursprüngliche Nachricht-----\nVon: Klaus\nMontag?", "Passt!")]
    [InlineData("Passt!\n\nVon: Foyer <foyer@x.example>\nGesendet: Montag, 3. November 2026 10:00\nAn: Ines\nBetreff: Montag", "Passt!")]
    [InlineData("Passt!\n\n-- \nInes Hartmann\nTechnik", "Passt!")]
    [InlineData("Passt!\n\nVon meinem iPhone gesendet", "Passt!")]
    [InlineData("> Montag?\nJa, Montag.\n> Wer noch?\nIch frage Tom.", "Ja, Montag.\nIch frage Tom.")]
    [InlineData("Zeile eins\nVon: hier beginnt kein Zitat, nur ein Satz\nZeile drei", "Zeile eins\nVon: hier beginnt kein Zitat, nur ein Satz\nZeile drei")]
    public void Quotes_and_signatures_are_stripped(string mail, string expected) => Assert.Equal(expected, ReplyText.Strip(mail));
}
