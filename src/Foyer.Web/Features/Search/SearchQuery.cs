using System.Text;

namespace Foyer.Web.Features.Search;

/// <summary>One word of a query: as typed, folded, and its term (stem).</summary>
public sealed record QueryWord(string Text, string Folded, string Term);

/// <summary>
/// A parsed query: words that must match (each by its term as a prefix, or inside a compound), phrases in quotes
/// (their terms in a row), words after a minus that must not match. Anything else the user typed (operators,
/// brackets, stars, colons, control characters) is only a separator: the query language of the database never sees
/// user text.
/// </summary>
public sealed class SearchQuery
{
    public const int MaxLength = 500;
    public const int MaxWords = 12;

    public List<QueryWord> Words { get; } = [];
    public List<List<QueryWord>> Phrases { get; } = [];
    public List<QueryWord> Excluded { get; } = [];
    /// <summary>The query was cut (too long, too many words); the page says so.</summary>
    public bool Shortened { get; private set; }
    public string Text { get; private set; } = "";

    public bool IsEmpty => Words.Count == 0 && Phrases.Count == 0;
    public bool OnlyExclusions => IsEmpty && Excluded.Count > 0;

    public static SearchQuery Parse(string? input)
    {
        var q = new SearchQuery();
        var text = (input ?? "").Trim();
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
            q.Shortened = true;
        }
        // Control characters become spaces; everything else is sorted out by the analyser.
        var clean = new StringBuilder(text.Length);
        foreach (var c in text) clean.Append(char.IsControl(c) ? ' ' : c);
        text = clean.ToString();
        q.Text = text;

        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '"' or '„' or '“' or '”' or '«' or '»')
            {
                var end = text.IndexOfAny(['"', '“', '”', '«', '»'], i + 1);
                // An unbalanced quote quotes the rest.
                var inner = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                i = end < 0 ? text.Length : end + 1;
                var words = ToWords(inner);
                if (words.Count == 0) continue;
                if (count + words.Count > MaxWords) { q.Shortened = true; words = words.Take(Math.Max(0, MaxWords - count)).ToList(); }
                count += words.Count;
                if (words.Count == 1) q.Words.Add(words[0]);
                else if (words.Count > 1) q.Phrases.Add(words);
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"') i++;
            var token = text[start..i];
            var excluded = token.Length > 1 && token[0] == '-';
            foreach (var word in ToWords(excluded ? token[1..] : token))
            {
                if (count >= MaxWords) { q.Shortened = true; break; }
                count++;
                (excluded ? q.Excluded : q.Words).Add(word);
            }
        }
        return q;
    }

    /// <summary>The words of a part of the query; single letters ("E-Mail" → "mail") match nearly everything and are left out.</summary>
    private static List<QueryWord> ToWords(string text) =>
        SearchAnalyzer.Words(text).Where(w => w.Folded.Length >= 2)
            .Select(w => new QueryWord(text.Substring(w.Start, w.Length), w.Folded, w.Term)).ToList();

    /// <summary>The same query with some words replaced (for "did you mean").</summary>
    public string Rewrite(IReadOnlyDictionary<QueryWord, string> replacements)
    {
        var parts = new List<string>();
        parts.AddRange(Words.Select(w => replacements.TryGetValue(w, out var r) ? r : w.Text));
        parts.AddRange(Phrases.Select(p => "\"" + string.Join(' ', p.Select(w => w.Text)) + "\""));
        parts.AddRange(Excluded.Select(w => "-" + w.Text));
        return string.Join(' ', parts);
    }
}
