using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>
/// Known spam phrases with weights, found as whole words in the comment, its name and its website, case-insensitively
/// and with any run of spaces, hyphens, dots or underscores between the words ("cheap-viagra.com" has "viagra").
/// Weight 2 is vocabulary no theatre or museum blog comment needs (held alone, rejected with any other phrase), 1 is
/// suspicious (held), 0.5 is weak (held only together with another phrase).
/// </summary>
[SuppressMessage("Globalization", "CA1308:Normalize strings to uppercase", Justification = "Phrases are lower-case keys.")]
public sealed class SpamPhrases
{
    public static IReadOnlyDictionary<string, double> BuiltIn { get; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        // Pharma
        ["viagra"] = 2, ["cialis"] = 2, ["levitra"] = 2, ["kamagra"] = 2, ["sildenafil"] = 2, ["tadalafil"] = 2,
        ["tramadol"] = 2, ["xanax"] = 2, ["potenzmittel"] = 2, ["erectile dysfunction"] = 2, ["online pharmacy"] = 2,
        ["without prescription"] = 1, ["no prescription"] = 1, ["ohne rezept"] = 1, ["pharmacy"] = 1, ["pills"] = 0.5,
        ["weight loss pills"] = 2, ["diet pills"] = 2, ["garcinia"] = 2, ["keto pills"] = 2, ["cbd oil"] = 1,
        // Gambling
        ["online casino"] = 2, ["casino bonus"] = 2, ["no deposit bonus"] = 2, ["free spins"] = 2, ["freispiele"] = 2,
        ["online slots"] = 2, ["online kasino"] = 2, ["sportwetten"] = 1, ["wettanbieter"] = 1, ["betting tips"] = 1,
        ["casino"] = 0.5, ["jackpot"] = 0.5,
        // Money
        ["payday loan"] = 2, ["payday loans"] = 2, ["kredit ohne schufa"] = 2, ["binary options"] = 2, ["crypto signals"] = 2,
        ["double your bitcoin"] = 2, ["make money online"] = 2, ["earn money online"] = 2, ["geld verdienen im internet"] = 2,
        ["bitcoin investment"] = 1, ["forex trading"] = 1, ["forex signals"] = 1, ["passive income"] = 1, ["work from home"] = 1,
        ["schnell geld verdienen"] = 1, ["investment opportunity"] = 1,
        // Essays and theses
        ["essay writing service"] = 2, ["write my essay"] = 2, ["buy essay"] = 2, ["buy essays"] = 2, ["cheap essays"] = 2,
        ["essay help"] = 1, ["dissertation writing"] = 1, ["hausarbeit schreiben lassen"] = 2, ["bachelorarbeit schreiben lassen"] = 2,
        ["masterarbeit schreiben lassen"] = 2, ["ghostwriting agentur"] = 1, ["ghostwriter"] = 0.5,
        // Fakes
        ["replica watches"] = 2, ["replica handbags"] = 2, ["cheap jerseys"] = 2, ["louis vuitton outlet"] = 2, ["cheap nfl jerseys"] = 2,
        // Adult
        ["porn"] = 2, ["hot singles"] = 2, ["sex dating"] = 2, ["adult dating"] = 2, ["escort service"] = 2, ["webcam girls"] = 2,
        ["onlyfans"] = 1, ["xxx"] = 1,
        // SEO and marketing
        ["buy backlinks"] = 2, ["seo services"] = 1, ["backlinks"] = 1, ["link building"] = 1, ["seo"] = 0.5,
        ["click here"] = 0.5, ["hier klicken"] = 0.5, ["visit my website"] = 0.5, ["visit my blog"] = 0.5, ["visit my site"] = 0.5,
        ["check out my website"] = 0.5, ["best price"] = 0.5, ["lowest price"] = 0.5, ["discount code"] = 0.5, ["buy now"] = 0.5,
        ["jetzt kaufen"] = 0.5, ["100% free"] = 1, ["risk free"] = 0.5, ["limited offer"] = 0.5,
    };

    private static readonly ConcurrentDictionary<string, SpamPhrases> Cache = new(StringComparer.Ordinal);
    private readonly (string Code, double Weight, Regex Pattern)[] _phrases;

    private SpamPhrases(IReadOnlyDictionary<string, double> phrases)
    {
        _phrases = phrases.Where(p => p.Value > 0 && !string.IsNullOrWhiteSpace(p.Key))
            .Select(p => (Code(p.Key), p.Value, Compile(p.Key)))
            .ToArray();
    }

    /// <summary>The phrases for these settings; built once per distinct phrase list.</summary>
    public static SpamPhrases For(SpamOptions options)
    {
        var phrases = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (options.UseBuiltInPhrases)
        {
            foreach (var (phrase, weight) in BuiltIn) phrases[phrase.Trim()] = weight;
        }
        foreach (var (phrase, weight) in options.Phrases) phrases[phrase.Trim()] = weight;
        var key = string.Join('\n', phrases.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => $"{p.Key.ToLowerInvariant()}={p.Value}"));
        if (Cache.Count > 100) Cache.Clear(); // settings do not change that often; never let this grow
        return Cache.GetOrAdd(key, _ => new SpamPhrases(phrases));
    }

    /// <summary>The reason codes ("phrase:online-casino") and weights of the phrases found.</summary>
    public IReadOnlyList<(string Code, double Weight)> Find(string text)
    {
        var found = new List<(string, double)>();
        foreach (var (code, weight, pattern) in _phrases)
        {
            if (pattern.IsMatch(text)) found.Add((code, weight));
        }
        return found;
    }

    private static string Code(string phrase) =>
        SpamReasons.PhrasePrefix + string.Join('-', phrase.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static Regex Compile(string phrase)
    {
        var words = phrase.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape);
        return new Regex(@"(?<![\p{L}\p{N}])" + string.Join(@"[\s\-_.]+", words) + @"(?![\p{L}\p{N}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
    }
}
