using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>
/// Turns a comment into the set of features the classifier counts: its words (German and English, lower-case,
/// umlauts and ß kept, split on everything that is not a letter or digit, words shorter than three letters dropped)
/// and feature tokens, which all contain ':' or '-' and so can never be mistaken for a word:
/// <list type="bullet">
/// <item>"link:domain.tld", "tld:xyz", "url:word" (words of link hosts and paths), "links:none|one|two|many";</item>
/// <item>"link:shape:hyphens|digits|idn" for keyword domains, "bare-domain" for (lower-case) domains written
///   without http or www, "markup:html|bbcode|md" for link markup, "text:email" for addresses in the text;</item>
/// <item>"name:word", "name:url", "name:digits", "name:many-words", "name:gibberish", "name:starts-text" for the name;</item>
/// <item>"site:domain", "site-tld:xyz", "site-word:word", "site:shape:...", "site:none" for the website field;
///   "email:digits", "email:none" for the address;</item>
/// <item>"lang:de|en" instead of the commonest words of each language (they would count a dozen times);</item>
/// <item>"script:cyrillic|cjk|other", "text:mixed-script", "text:gibberish", "text:no-function-words",
///   "text:shouting", "text:exclaims", "text:money", "text:mention", "len:tiny|short|medium|long".</item>
/// </list>
/// Features are counted once per comment, however often they occur.
/// </summary>
[SuppressMessage("Globalization", "CA1308:Normalize strings to uppercase", Justification = "Tokens are lower-case by design; they are never compared case-insensitively.")]
public static partial class SpamTokenizer
{
    public const int MinWordLength = 3;
    public const int MaxWordLength = 30;
    /// <summary>A bound on features per comment, so a 10,000-character comment does not become a 3,000-token query.</summary>
    public const int MaxTokens = 400;

    private const int MaxPathWordsPerLink = 8;

    public static IReadOnlySet<string> Tokenize(string text) => Tokenize(new SpamDocument(text));

    public static IReadOnlySet<string> Tokenize(SpamDocument document)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var text = Normalize(document.Text);

        var links = FindLinks(text);
        tokens.Add(links.Count switch { 0 => "links:none", 1 => "links:one", 2 => "links:two", _ => "links:many" });
        foreach (var link in links) AddLinkFeatures(tokens, link, "link:", "tld:", "url:");
        if (HtmlLink().IsMatch(text)) tokens.Add("markup:html");
        if (BbCodeLink().IsMatch(text)) tokens.Add("markup:bbcode");
        if (MarkdownLink().IsMatch(text)) tokens.Add("markup:md");

        var rest = UrlPattern().Replace(text, " ");
        if (EmailPattern().IsMatch(rest))
        {
            tokens.Add("text:email");
            rest = EmailPattern().Replace(rest, " ");
        }
        foreach (Match bare in BareDomain().Matches(rest))
        {
            tokens.Add("bare-domain");
            AddLinkFeatures(tokens, "http://" + bare.Value, "link:", "tld:", "url:");
        }

        AddTextFeatures(tokens, text, rest);
        AddWords(tokens, rest);
        AddNameFeatures(tokens, Normalize(document.Name ?? ""));
        var name = (document.Name ?? "").Trim().ToLowerInvariant();
        if (name.Length >= 3 && !name.Contains(' ', StringComparison.Ordinal)
            && WordPattern().Match(rest.ToLowerInvariant()) is { Success: true } first && first.Value == name)
        {
            tokens.Add("name:starts-text");
        }
        AddWebsiteFeatures(tokens, Normalize(document.Website ?? "").Trim());
        AddEmailFeatures(tokens, (document.Email ?? "").Trim());

        if (tokens.Count <= MaxTokens) return tokens;
        // Keep the feature tokens (they carry most of the signal) and as many words as fit.
        return tokens.OrderBy(t => t.Contains(':', StringComparison.Ordinal) || t.Contains('-', StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(t => t, StringComparer.Ordinal).Take(MaxTokens).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Links in the comment as the link rule counts them: addresses with http(s):// or www., however they are written
    /// (bare, Markdown, HTML or BBCode). Domains without either are not links here; the classifier still sees them.
    /// </summary>
    public static int CountLinks(string text) => FindLinks(Normalize(text)).Count;

    private static List<string> FindLinks(string text)
    {
        var links = new List<string>();
        foreach (Match m in UrlPattern().Matches(text))
        {
            var url = m.Value.TrimEnd('.', ',', ';', ':', '!', '?', '*', '_');
            if (url.Length > 4) links.Add(url);
        }
        return links;
    }

    private static string Normalize(string text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        try
        {
            return text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return text; // invalid surrogates: tokenize as it is
        }
    }

    private static void AddLinkFeatures(HashSet<string> tokens, string url, string domainPrefix, string tldPrefix, string wordPrefix)
    {
        var candidate = url.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "http://" + url : url;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            tokens.Add(domainPrefix + "invalid");
            return;
        }
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            tokens.Add(domainPrefix + "ip-address");
        }
        else
        {
            var (domain, tld) = RegistrableDomain(uri.IdnHost.ToLowerInvariant());
            tokens.Add(Cap(domainPrefix + domain));
            tokens.Add(Cap(tldPrefix + tld));
            // Words and shape of the whole host: spam on free hosting puts its keywords into the subdomain
            // ("buy-pills.blogspot.com"). Keyword hosts look like "cheap-essay-writers-24.com" rather than "meier.de".
            var host = uri.IdnHost.ToLowerInvariant();
            var name = host.Length > tld.Length ? host[..(host.Length - tld.Length - 1)] : host;
            if (name.Count(c => c == '-') >= 2) tokens.Add(domainPrefix + "shape:hyphens");
            if (name.Any(char.IsDigit)) tokens.Add(domainPrefix + "shape:digits");
            if (host.StartsWith("xn--", StringComparison.Ordinal) || host.Contains(".xn--", StringComparison.Ordinal)) tokens.Add(domainPrefix + "shape:idn");
            var words = 0;
            foreach (var word in WordPattern().Matches(name).Select(w => w.Value.ToLowerInvariant()).Where(w => w != "www"))
            {
                if (word.Length >= MinWordLength && words++ < MaxPathWordsPerLink) tokens.Add(Cap(wordPrefix + word));
            }
        }
        var pathWords = 0;
        foreach (Match word in WordPattern().Matches(Uri.UnescapeDataString(uri.PathAndQuery)))
        {
            var w = word.Value.ToLowerInvariant();
            if (w.Length < MinWordLength || w.Length > MaxWordLength || w.All(char.IsDigit)) continue;
            if (w is "html" or "htm" or "php" or "aspx" or "index" or "www") continue;
            tokens.Add(Cap(wordPrefix + w));
            if (++pathWords >= MaxPathWordsPerLink) break;
        }
        if (uri.Query.Length > 1) tokens.Add(wordPrefix + "has-query");
    }

    /// <summary>"shop.example.co.uk" → ("example.co.uk", "uk"); "www.foyer.de" → ("foyer.de", "de").</summary>
    internal static (string Domain, string Tld) RegistrableDomain(string host)
    {
        var labels = host.Trim('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length == 0) return ("invalid", "invalid");
        var tld = labels[^1];
        if (labels.Length == 1) return (tld, tld);
        var take = labels.Length >= 3 && tld.Length == 2 && labels[^2] is "co" or "com" or "org" or "net" or "ac" or "gov" or "edu" or "or" or "ne"
            ? 3 : 2;
        return (string.Join('.', labels[^Math.Min(take, labels.Length)..]), tld);
    }

    private static void AddTextFeatures(HashSet<string> tokens, string text, string withoutLinks)
    {
        var trimmed = text.Trim();
        tokens.Add(trimmed.Length switch { < 20 => "len:tiny", < 80 => "len:short", > 1200 => "len:long", _ => "len:medium" });

        int letters = 0, upper = 0, latin = 0, cyrillic = 0, cjk = 0, other = 0;
        foreach (var c in withoutLinks)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (char.IsUpper(c)) upper++;
            if (c < 0x0250 || c is >= '\u1E00' and <= '\u1EFF') latin++;
            else if (c is >= '\u0400' and <= '\u04FF') cyrillic++;
            else if (c is >= '\u3040' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF') cjk++;
            else other++;
        }
        if (letters > 0)
        {
            if (cyrillic * 10 > letters * 3) tokens.Add("script:cyrillic");
            if (cjk * 10 > letters * 3) tokens.Add("script:cjk");
            if (other * 10 > letters * 3) tokens.Add("script:other");
            if (letters >= 15 && upper * 10 > letters * 6) tokens.Add("text:shouting");
        }
        if (text.Contains("!!", StringComparison.Ordinal) || text.Count(c => c == '!') >= 3) tokens.Add("text:exclaims");
        if (MoneyPattern().IsMatch(withoutLinks)) tokens.Add("text:money");
        if (MentionPattern().IsMatch(withoutLinks)) tokens.Add("text:mention");
    }

    // The commonest short words of German and English. Every sentence has some, keyword lists and random strings do
    // not. They say which language a comment is in and nothing about spam, and a dozen of them in one comment would
    // count as a dozen independent hints: they become one feature, "lang:de" or "lang:en", instead of words.
    private static readonly HashSet<string> GermanFunctionWords = new(StringComparer.Ordinal)
    {
        "der", "die", "das", "und", "ist", "ich", "nicht", "ein", "eine", "einen", "einem", "zu", "mit", "für", "auf", "es",
        "sie", "wir", "den", "dem", "des", "von", "aber", "auch", "wie", "was", "man", "noch", "mal", "im", "am", "bei", "da",
        "du", "er", "sich", "sind", "war", "hat", "habe", "haben", "wird", "werden", "kann", "oder", "wenn", "dass", "nur",
        "schon", "mir", "mich", "uns", "ihr", "ihre", "ihnen", "zum", "zur", "nach", "über", "aus", "um", "vom", "bin", "gibt",
    };

    private static readonly HashSet<string> EnglishFunctionWords = new(StringComparer.Ordinal)
    {
        "the", "and", "is", "it", "to", "of", "a", "on", "for", "with", "was", "are", "this", "that", "you", "we", "my",
        "i", "be", "not", "but", "at", "as", "if", "do", "have", "has", "had", "any", "all", "there", "what", "how", "your",
        "our", "they", "their", "from", "by", "or", "will", "would", "can", "could", "been", "were", "me", "he", "she", "its",
        "about", "just", "so", "an", "in", "am", "im", "also", "which", "who", "than", "then", "them", "those", "these",
    };

    private static void AddWords(HashSet<string> tokens, string text)
    {
        var gibberish = 0;
        var words = 0;
        int functionWords = 0, germanWords = 0, englishWords = 0;
        foreach (Match m in WordPattern().Matches(text))
        {
            var word = m.Value.ToLowerInvariant();
            words++;
            var german = GermanFunctionWords.Contains(word);
            var english = EnglishFunctionWords.Contains(word);
            if (german || english)
            {
                functionWords++;
                if (german) germanWords++;
                if (english) englishWords++;
                continue;
            }
            if (IsMixedScript(word)) tokens.Add("text:mixed-script");
            if (IsGibberish(word)) gibberish++;
            if (word.Length < MinWordLength || word.All(char.IsDigit)) continue;
            tokens.Add(word.Length > MaxWordLength ? "text:long-word" : word);
        }
        if (gibberish > 0) tokens.Add("text:gibberish");
        if (gibberish > 2) tokens.Add("text:gibberish-many");
        if (words >= 2 && functionWords == 0) tokens.Add("text:no-function-words");
        if (germanWords > englishWords) tokens.Add("lang:de");
        else if (englishWords > germanWords) tokens.Add("lang:en");
    }

    private static void AddNameFeatures(HashSet<string> tokens, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            tokens.Add("name:none");
            return;
        }
        if (UrlPattern().IsMatch(name) || BareDomain().IsMatch(name.ToLowerInvariant())) tokens.Add("name:url");
        if (name.Any(char.IsDigit)) tokens.Add("name:digits");
        var words = WordPattern().Matches(name).Select(m => m.Value.ToLowerInvariant()).ToList();
        if (words.Count >= 4) tokens.Add("name:many-words");
        foreach (var word in words)
        {
            if (word.Length >= 2 && word.Length <= MaxWordLength && !word.All(char.IsDigit)) tokens.Add("name:" + word);
            if (IsGibberish(word)) tokens.Add("name:gibberish");
        }
    }

    private static void AddWebsiteFeatures(HashSet<string> tokens, string website)
    {
        if (website.Length == 0)
        {
            tokens.Add("site:none");
            return;
        }
        var url = website.Contains("://", StringComparison.Ordinal) ? website : "http://" + website;
        AddLinkFeatures(tokens, url, "site:", "site-tld:", "site-word:");
    }

    private static void AddEmailFeatures(HashSet<string> tokens, string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            tokens.Add("email:none");
            return;
        }
        if (email[..at].Count(char.IsDigit) >= 3) tokens.Add("email:digits");
    }

    private static bool IsMixedScript(string word)
    {
        bool latin = false, cyrillic = false;
        foreach (var c in word)
        {
            if (c is >= 'a' and <= 'z') latin = true;
            else if (c is >= '\u0400' and <= '\u04FF') cyrillic = true;
        }
        return latin && cyrillic;
    }

    /// <summary>
    /// Random strings: keyboard runs ("asdf"), repetitions ("lkjlkj"), one letter four times, long runs without
    /// vowels ("xkcdqwrtz"), letters and digits thoroughly mixed ("a8f3k2j9"). Only a-z and digits are judged.
    /// </summary>
    internal static bool IsGibberish(string word)
    {
        if (word.Length < 5 || !word.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9')) return false;
        if (HasRun(word, 4) || IsRepetition(word) || KeyboardRows.Any(row => word.Contains(row, StringComparison.Ordinal))) return true;
        int vowels = 0, digits = 0, switches = 0, run = 0, longestConsonantRun = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c == 's' && i + 2 < word.Length && word[i + 1] == 'c' && word[i + 2] == 'h')
            {
                longestConsonantRun = Math.Max(longestConsonantRun, ++run); // German "sch" is one sound
                i += 2;
                continue;
            }
            if (char.IsDigit(c)) digits++;
            if (c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y' or >= '0' and <= '9')
            {
                if (c is not (>= '0' and <= '9')) vowels++;
                run = 0;
            }
            else
            {
                longestConsonantRun = Math.Max(longestConsonantRun, ++run);
            }
            if (i > 0 && char.IsDigit(c) != char.IsDigit(word[i - 1])) switches++;
        }
        if (digits > 0 && digits < word.Length && switches >= 3) return true;
        if (digits > 0) return false;
        // German has long clusters ("Angstschrei", "Bekanntschaften") and few vowels ("Schmidt"), but not seven
        // consonants in a row, no vowel at all in six letters, or under 12% vowels in ten ("strengths" has 11% in nine).
        return longestConsonantRun >= 7 || (vowels == 0 && word.Length >= 6) || (word.Length >= 10 && vowels * 100 / word.Length < 12);
    }

    // Runs along a QWERTZ/QWERTY keyboard row, which people do not type into comments but bots and testers do.
    private static readonly string[] KeyboardRows = ["qwert", "werty", "wertz", "asdf", "sdfg", "dfgh", "fghj", "ghjk", "hjkl", "yxcv", "zxcv", "xcvb", "cvbn", "vbnm", "uiop", "poiu", "lkjh", "mnbv"];

    /// <summary>The same character <paramref name="length"/> times in a row ("aaaa", "1111").</summary>
    private static bool HasRun(string word, int length)
    {
        var run = 1;
        for (var i = 1; i < word.Length; i++)
        {
            run = word[i] == word[i - 1] ? run + 1 : 1;
            if (run >= length) return true;
        }
        return false;
    }

    /// <summary>A short piece repeated to make the word ("asdfasdf", "fghfghfgh", "lkjlkj").</summary>
    private static bool IsRepetition(string word)
    {
        for (var size = 2; size <= word.Length / 2; size++)
        {
            if (word.Length % size != 0) continue;
            var piece = word.AsSpan(0, size);
            var repeated = true;
            for (var i = size; i < word.Length && repeated; i += size) repeated = word.AsSpan(i, size).SequenceEqual(piece);
            if (repeated) return true;
        }
        return false;
    }

    private static string Cap(string token) => token.Length <= Foyer.Data.Blogs.SpamToken.MaxTokenLength
        ? token : token[..Foyer.Data.Blogs.SpamToken.MaxTokenLength];

    internal static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?:(?:https?|ftp)://|(?<![\p{L}\p{N}.@/-])www\.)[^\s<>""'()\[\]{}]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|info|biz|ru|xyz|top|online|site|shop|club|store|live|vip|win|bid|loan|click|link|pro|de|ch|io|uk|eu|pl|cn|tk|ml|ga|cf|pw|cc|su|ua|fr|nl)(?![\p{L}\p{N}-])(?:/[^\s<>""'()\[\]{}]*)?")]
    private static partial Regex BareDomain();

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"<a\s[^>]*href", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"\[url[=\]]", RegexOptions.IgnoreCase)]
    private static partial Regex BbCodeLink();

    [GeneratedRegex(@"\]\((?:https?://|www\.)", RegexOptions.IgnoreCase)]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[$€£]\s?\d|\d\s?(?:[$€£]|usd\b|eur\b|dollars?\b)", RegexOptions.IgnoreCase)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"(?:^|\s)@[\p{L}\p{N}_]{2,}")]
    private static partial Regex MentionPattern();
}
