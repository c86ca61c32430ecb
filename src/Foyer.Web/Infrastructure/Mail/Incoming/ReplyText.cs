using System.Text.RegularExpressions;

namespace Foyer.Web.Infrastructure.Mail.Incoming;

/// <summary>
/// What someone really wrote in a reply: without the quoted mail below (or above) it, without the "On ... wrote:"
/// line, without the signature and the "sent from my phone" line. German and English mail clients.
/// </summary>
public static partial class ReplyText
{
    public static string Strip(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i];
            var line = raw.TrimEnd();
            if (line == "--" || raw == "-- ") break; // signature delimiter (RFC 3676)
            if (QuoteHeader().IsMatch(line) || OriginalMessage().IsMatch(line)) break;
            // Gmail wraps its "On ... wrote:" line.
            if (i + 1 < lines.Length && (line.StartsWith("On ", StringComparison.Ordinal) && lines[i + 1].TrimEnd().EndsWith("wrote:", StringComparison.Ordinal)
                || line.StartsWith("Am ", StringComparison.Ordinal) && lines[i + 1].TrimEnd().EndsWith("schrieb:", StringComparison.Ordinal))) break;
            if (MobileSignature().IsMatch(line)) break;
            if (line.StartsWith('>')) continue;
            kept.Add(line);
        }
        // An Outlook-style header block ("Von: ... / Gesendet: ...") starts the quoted mail as well.
        for (var i = 0; i < kept.Count - 1; i++)
        {
            if (OutlookFrom().IsMatch(kept[i]) && OutlookNext().IsMatch(kept[i + 1]))
            {
                kept.RemoveRange(i, kept.Count - i);
                break;
            }
        }
        return string.Join('\n', kept).Trim();
    }

    // "On Mon, 3 Nov 2026 at 10:00, Klaus <k@x> wrote:", "Am 03.11.2026 um 10:00 schrieb Klaus <k@x>:", also wrapped over two lines.
    [GeneratedRegex(@"^(On\s.+\swrote:|Am\s.+\sschrieb\s.*:|.+\sschrieb:)$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeader();

    [GeneratedRegex(@"^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Forwarded message|Weitergeleitete Nachricht)\s*-{2,}\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^(Sent from my \w+|Von meinem \w+ gesendet|Gesendet von meinem \w+|Get Outlook for \w+)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex MobileSignature();

    [GeneratedRegex(@"^\s*(From|Von):\s", RegexOptions.IgnoreCase)]
    private static partial Regex OutlookFrom();

    [GeneratedRegex(@"^\s*(Sent|Gesendet|Date|Datum|To|An):\s", RegexOptions.IgnoreCase)]
    private static partial Regex OutlookNext();
}
