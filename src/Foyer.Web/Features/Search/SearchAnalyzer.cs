using System.Globalization;
using System.Text;

namespace Foyer.Web.Features.Search;

/// <summary>A word of a text, where it stands, and its analysed form.</summary>
public readonly record struct AnalysedWord(int Start, int Length, string Folded, string Term);

/// <summary>
/// Turns text into the terms the index holds, the same way for documents and for queries, on SQLite and PostgreSQL
/// alike (docs/adr/0007). German first, English as well:
/// <list type="number">
/// <item>Words are runs of letters and digits.</item>
/// <item>Folding: lower case, ß → ss, accents and umlauts dropped (ä → a), and the spelled-out umlauts too
/// (ae → a, oe → o, ue → u, not in "que"), so "Müller", "Mueller" and "Muller" are one word, as are "Straße" and
/// "Strasse" (as Lucene's GermanNormalizationFilter does).</item>
/// <item>Stemming: CISTEM (Weissweiler and Fraser, 2017), a small German stemmer that strips -e, -s, -n, -t, -em,
/// -er, -nd and keeps doubled letters together, so "Opern" → "oper", "Projekte" → "projek", "Strassen" → "strass";
/// before it, English -ing, -ied/-ies and plural -s.</item>
/// </list>
/// Compounds ("Kooperationsprojekt" for "Projekt") are found at query time through the vocabulary
/// (<see cref="SearchService"/>), not here.
/// </summary>
public static class SearchAnalyzer
{
    public const int MaxWordLength = 64;

    /// <summary>Every word of the text with its folded form and term; words longer than <see cref="MaxWordLength"/> are cut.</summary>
    public static List<AnalysedWord> Words(string? text)
    {
        var words = new List<AnalysedWord>();
        if (string.IsNullOrEmpty(text)) return words;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsWordChar(text, i)) i++;
            var start = i;
            while (i < text.Length && IsWordChar(text, i)) i++;
            if (i > start)
            {
                var folded = Fold(text.AsSpan(start, Math.Min(i - start, MaxWordLength)));
                if (folded.Length > 0) words.Add(new AnalysedWord(start, i - start, folded, Stem(folded)));
            }
        }
        return words;
    }

    /// <summary>The terms of a text, separated by spaces, as stored for the full-text index.</summary>
    public static string Terms(params string?[] texts)
    {
        var sb = new StringBuilder();
        foreach (var text in texts)
        {
            foreach (var w in Words(text))
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(w.Term);
            }
        }
        return sb.ToString();
    }

    private static bool IsWordChar(string text, int i)
    {
        var c = text[i];
        if (char.IsLetterOrDigit(c)) return true;
        // Combining marks belong to the letter before them (a decomposed "ü").
        return i > 0 && char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            && char.IsLetterOrDigit(text[i - 1]);
    }

    /// <summary>Lower case, ß → ss, diacritics dropped, ae/oe/ue → a/o/u.</summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        var sb = new StringBuilder(word.Length + 2);
        foreach (var ch in word.ToString().Normalize(NormalizationForm.FormD))
        {
            var category = char.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            var c = char.ToLowerInvariant(ch);
            switch (c)
            {
                case 'ß': sb.Append("ss"); break;
                case 'æ': sb.Append("ae"); break;
                case 'œ': sb.Append("oe"); break;
                case 'ø': sb.Append('o'); break;
                case 'ł': sb.Append('l'); break;
                case 'đ': sb.Append('d'); break;
                default:
                    if (char.IsLetterOrDigit(c)) sb.Append(c);
                    break;
            }
        }
        // Spelled-out umlauts: ae → a, oe → o, ue → u (but not the "ue" of "que", as in "Quelle").
        for (var i = 1; i < sb.Length; i++)
        {
            if (sb[i] != 'e') continue;
            var before = sb[i - 1];
            if (before is 'a' or 'o' || (before == 'u' && !(i >= 2 && sb[i - 2] == 'q')))
            {
                sb.Remove(i, 1);
            }
        }
        return sb.ToString();
    }

    /// <summary>The stem of a folded word (see the class remarks).</summary>
    public static string Stem(string folded)
    {
        var w = folded;
        if (w.Length < 4 || !w.Any(char.IsLetter)) return w;
        // English first: -ing, -ies/-ied, plural -s after a consonant cluster is left to CISTEM's -s.
        if (w.Length >= 6 && w.EndsWith("ing", StringComparison.Ordinal)) w = w[..^3];
        else if (w.Length >= 5 && (w.EndsWith("ies", StringComparison.Ordinal) || w.EndsWith("ied", StringComparison.Ordinal))) w = w[..^3] + "y";
        // CISTEM: mark doubled letters so that stripping cannot split them, strip suffixes while the word is long enough.
        var sb = new StringBuilder(w.Length);
        foreach (var c in w)
        {
            if (sb.Length > 0 && sb[^1] == c) sb.Append('*');
            else sb.Append(c);
        }
        sb.Replace("sch", "$").Replace("ei", "%").Replace("ie", "&");
        while (sb.Length > 3)
        {
            if (sb.Length > 5 && sb[^2] == 'e' && sb[^1] is 'm' or 'r') { sb.Length -= 2; continue; }
            if (sb.Length > 5 && sb[^2] == 'n' && sb[^1] == 'd') { sb.Length -= 2; continue; }
            if (sb[^1] == 't') { sb.Length -= 1; continue; }
            if (sb[^1] is 'e' or 's' or 'n') { sb.Length -= 1; continue; }
            break;
        }
        for (var i = sb.Length - 1; i > 0; i--)
        {
            if (sb[i] == '*') sb[i] = sb[i - 1];
        }
        return sb.Replace("&", "ie").Replace("%", "ei").Replace("$", "sch").ToString();
    }
}
