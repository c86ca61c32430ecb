using System.Globalization;
using System.Text;
using Foyer.Web.Features.Search;

namespace Foyer.Tests.Features.Search;

/// <summary>
/// The analyser's fast folding (a table for the Latin letters) and stemming (a char buffer) must give exactly the terms
/// the plain rules give: documents indexed before and after the change meet the same queries. The plain rules are kept
/// here, written as the analyser first had them.
/// </summary>
public class SearchAnalyzerEquivalenceTests
{
    private static string ReferenceFold(string word)
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
        for (var i = 1; i < sb.Length; i++)
        {
            if (sb[i] != 'e') continue;
            var before = sb[i - 1];
            if (before is 'a' or 'o' || (before == 'u' && !(i >= 2 && sb[i - 2] == 'q'))) sb.Remove(i, 1);
        }
        return sb.ToString();
    }

    private static string ReferenceStem(string folded)
    {
        var w = folded;
        if (w.Length < 4 || !w.Any(char.IsLetter)) return w;
        if (w.Length >= 6 && w.EndsWith("ing", StringComparison.Ordinal)) w = w[..^3];
        else if (w.Length >= 5 && (w.EndsWith("ies", StringComparison.Ordinal) || w.EndsWith("ied", StringComparison.Ordinal))) w = w[..^3] + "y";
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

    private static List<string> SeedWords()
    {
        var seeds = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "seeds");
        var text = Directory.Exists(seeds) ? string.Concat(Directory.GetFiles(seeds).Select(File.ReadAllText)) : "";
        text += """
            Müller Mueller Muller Straße Strasse Strassen Oper Opern Projekt Projekte Kooperationsprojekten Zauberflöte
            Zauberfloete Förderverein Café Urlaubsanträge stories studied rehearsing Quelle quellen Schiffahrt Schifffahrt
            Bühnenbildnerinnen Dienstplanänderungen Œuvre Ærø Łódź Đorđe Øresund İstanbul ıspanak Ñandú façade naïve
            Ångström Škoda Žižkov Dvořák 2025er Ü3 ÄÖÜäöüß ÆŒ aeoeue queue Sauerteig Eier Zwiebeln Schleier
            Ａｂｃ ﬁnance ǅemal ŉ ĳssel Ǆ Ω ß̈ a\u0308 u\u0308ber e\u0301te дом Straßenbahnhaltestelle x 123 abcd
            """;
        var words = SearchAnalyzer.Words(text).Select(w => text.Substring(w.Start, w.Length)).ToList();
        // Every character up to U+024F alone, in pairs with e, and inside a word.
        for (var c = 0x20; c < 0x250; c++)
        {
            var ch = ((char)c).ToString();
            words.Add(ch);
            words.Add("Wort" + ch + "e");
            words.Add(ch + "e" + ch + ch + "ung");
        }
        var random = new Random(7);
        const string Alphabet = "aeiouäöüßscheinrtlmdgbkpzqwAEIOUÄÖÜSCHEIéèçñøæœłđı0123456789";
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(1, 18);
            words.Add(string.Concat(Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])));
        }
        return words;
    }

    [Fact]
    public void Folding_and_stemming_give_the_terms_of_the_plain_rules()
    {
        var checkedWords = 0;
        foreach (var word in SeedWords())
        {
            var folded = SearchAnalyzer.Fold(word);
            Assert.True(ReferenceFold(word) == folded, $"Fold(\"{word}\"): \"{folded}\", the plain rule gives \"{ReferenceFold(word)}\"");
            Assert.True(ReferenceStem(folded) == SearchAnalyzer.Stem(folded),
                $"Stem(\"{folded}\"): \"{SearchAnalyzer.Stem(folded)}\", the plain rule gives \"{ReferenceStem(folded)}\"");
            checkedWords++;
        }
        Assert.True(checkedWords > 20_000);
    }

    [Theory]
    [InlineData("k")]
    [InlineData("as")]
    [InlineData("zpu")]
    [InlineData("d0123456789")]
    public void The_words_a_snippet_looks_at_are_exactly_those_whose_term_starts_with_the_letters(string letters)
    {
        var text = string.Join(" ", SeedWords().Take(25_000));
        var set = letters.ToHashSet();
        var expected = SearchAnalyzer.Words(text).Where(w => set.Contains(w.Term[0])).ToList();
        var fast = SearchAnalyzer.WordsStartingWith(text, set).Where(w => set.Contains(w.Term[0])).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, fast);
    }

    [Fact]
    public void Long_words_fold_and_stem_like_short_ones()
    {
        var word = string.Concat(Enumerable.Repeat("Straßenbahnhaltestellenüberdachung", 8));
        Assert.Equal(ReferenceFold(word), SearchAnalyzer.Fold(word));
        Assert.Equal(ReferenceStem(ReferenceFold(word)), SearchAnalyzer.Stem(SearchAnalyzer.Fold(word)));
    }
}
