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
    public static List<AnalysedWord> Words(string? text) => string.IsNullOrEmpty(text) ? [] : [.. Analyse(text, null)];

    /// <summary>
    /// The words of the text whose term can begin with one of <paramref name="firstLetters"/> (folded), analysed as
    /// <see cref="Words"/> analyses them; the others are skipped without folding or stemming them (a snippet looks for
    /// the few words of a query in thousands). Folding and stemming never change a word's first folded letter.
    /// </summary>
    public static IEnumerable<AnalysedWord> WordsStartingWith(string text, IReadOnlySet<char> firstLetters) => Analyse(text, firstLetters);

    private static IEnumerable<AnalysedWord> Analyse(string text, IReadOnlySet<char>? firstLetters)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsWordChar(text, i)) i++;
            var start = i;
            while (i < text.Length && IsWordChar(text, i)) i++;
            if (i == start) continue;
            if (firstLetters is not null)
            {
                var first = text[start];
                if (first < FoldTable.Length && FoldTable[first].Length > 0 && !firstLetters.Contains(FoldTable[first][0])) continue;
            }
            var folded = Fold(text.AsSpan(start, Math.Min(i - start, MaxWordLength)));
            if (folded.Length > 0) yield return new AnalysedWord(start, i - start, folded, Stem(folded));
        }
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

    /// <summary>
    /// Lower case, ß → ss, diacritics dropped, ae/oe/ue → a/o/u. Runs for every word of every document indexed and of
    /// every snippet shown, so the letters up to U+017F (Latin-1 and Latin Extended-A: German, French, Polish, Czech,
    /// Scandinavian, Turkish) come from a table built once by the general rule below; a word with any other character
    /// takes the general rule itself.
    /// </summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        var size = word.Length * MaxFoldWidth;
        Span<char> buffer = size <= 256 ? stackalloc char[size] : new char[size];
        var n = 0;
        foreach (var ch in word)
        {
            if (ch >= FoldTable.Length) return FoldGeneral(word);
            foreach (var c in FoldTable[ch]) buffer[n++] = c;
        }
        return new string(buffer[..UndoSpelledUmlauts(buffer[..n])]);
    }

    /// <summary>What the general rule makes of each character up to U+017F on its own ("" for those it drops).</summary>
    private static readonly string[] FoldTable = Enumerable.Range(0, 0x180).Select(c => FoldLetters(((char)c).ToString())).ToArray();
    private static readonly int MaxFoldWidth = Math.Max(1, FoldTable.Max(f => f.Length));

    /// <summary>The general rule, for any text: Unicode decomposition, marks dropped, then the spelled-out umlauts.</summary>
    internal static string FoldGeneral(ReadOnlySpan<char> word)
    {
        var letters = FoldLetters(word.ToString()).ToCharArray();
        return new string(letters.AsSpan(0, UndoSpelledUmlauts(letters)));
    }

    private static string FoldLetters(string word)
    {
        var sb = new StringBuilder(word.Length + 2);
        foreach (var ch in word.Normalize(NormalizationForm.FormD))
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
        return sb.ToString();
    }

    /// <summary>Spelled-out umlauts: ae → a, oe → o, ue → u (but not the "ue" of "que", as in "Quelle"); returns the new length.</summary>
    private static int UndoSpelledUmlauts(Span<char> s)
    {
        var n = s.Length;
        for (var i = 1; i < n; i++)
        {
            if (s[i] != 'e') continue;
            var before = s[i - 1];
            if (before is 'a' or 'o' || (before == 'u' && !(i >= 2 && s[i - 2] == 'q')))
            {
                s[(i + 1)..n].CopyTo(s[i..]);
                n--;
            }
        }
        return n;
    }

    /// <summary>The stem of a folded word (see the class remarks).</summary>
    public static string Stem(string folded)
    {
        if (folded.Length < 4 || !HasLetter(folded)) return folded;
        // English first: -ing, -ies/-ied, plural -s after a consonant cluster is left to CISTEM's -s.
        var w = folded.AsSpan();
        var y = false;
        if (w.Length >= 6 && w.EndsWith("ing", StringComparison.Ordinal)) w = w[..^3];
        else if (w.Length >= 5 && (w.EndsWith("ies", StringComparison.Ordinal) || w.EndsWith("ied", StringComparison.Ordinal)))
        {
            w = w[..^3];
            y = true;
        }
        // CISTEM, on a buffer: a doubled letter is marked ('*') so that stripping cannot split it, and sch, ei and ie
        // are one code each ('$', '%', '&'; a folded word holds letters and digits only, so the codes are free).
        var length = w.Length + (y ? 1 : 0);
        Span<char> sb = length <= 128 ? stackalloc char[length] : new char[length];
        var n = 0;
        for (var i = 0; i < length; i++)
        {
            var c = i < w.Length ? w[i] : 'y';
            sb[n] = n > 0 && sb[n - 1] == c ? '*' : c;
            n++;
        }
        n = Encode(sb[..n], 's', 'c', 'h', '$');
        n = Encode(sb[..n], 'e', 'i', '\0', '%');
        n = Encode(sb[..n], 'i', 'e', '\0', '&');
        while (n > 3)
        {
            if (n > 5 && sb[n - 2] == 'e' && sb[n - 1] is 'm' or 'r') { n -= 2; continue; }
            if (n > 5 && sb[n - 2] == 'n' && sb[n - 1] == 'd') { n -= 2; continue; }
            if (sb[n - 1] == 't') { n -= 1; continue; }
            if (sb[n - 1] is 'e' or 's' or 'n') { n -= 1; continue; }
            break;
        }
        for (var i = n - 1; i > 0; i--)
        {
            if (sb[i] == '*') sb[i] = sb[i - 1];
        }
        Span<char> result = n * 3 <= 384 ? stackalloc char[n * 3] : new char[n * 3];
        var m = 0;
        foreach (var c in sb[..n])
        {
            switch (c)
            {
                case '&': result[m++] = 'i'; result[m++] = 'e'; break;
                case '%': result[m++] = 'e'; result[m++] = 'i'; break;
                case '$': result[m++] = 's'; result[m++] = 'c'; result[m++] = 'h'; break;
                default: result[m++] = c; break;
            }
        }
        return new string(result[..m]);
    }

    private static bool HasLetter(string s)
    {
        foreach (var c in s)
        {
            if (char.IsLetter(c)) return true;
        }
        return false;
    }

    /// <summary>
    /// Replaces every occurrence of the two or three letters (<paramref name="c3"/> '\0' for two), left to right and not
    /// overlapping, with <paramref name="code"/>, in place; returns the new length.
    /// </summary>
    private static int Encode(Span<char> s, char c1, char c2, char c3, char code)
    {
        var width = c3 == '\0' ? 2 : 3;
        var n = 0;
        for (var i = 0; i < s.Length;)
        {
            if (i + width <= s.Length && s[i] == c1 && s[i + 1] == c2 && (width == 2 || s[i + 2] == c3))
            {
                s[n++] = code;
                i += width;
            }
            else
            {
                s[n++] = s[i++];
            }
        }
        return n;
    }
}
