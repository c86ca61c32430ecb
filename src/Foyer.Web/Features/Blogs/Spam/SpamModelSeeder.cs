using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>
/// Gives an empty model its start: the starter corpus embedded in the app (starter-corpus.txt, lines
/// "spam|ham &lt;TAB&gt; text [&lt;TAB&gt; name [&lt;TAB&gt; website]]", German and English) trained in one go. A singleton that
/// asks the store only until the model exists; several app instances racing are sorted out by the store.
/// </summary>
public sealed class SpamModelSeeder(IOptions<SpamOptions> options) : IDisposable
{
    public const string ResourceName = "Foyer.Blogs.SpamStarterCorpus";
    private static readonly Lazy<IReadOnlyList<(SpamDocument Document, bool IsSpam)>> Corpus = new(LoadCorpus);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _seeded;

    /// <summary>The starter corpus, parsed.</summary>
    public static IReadOnlyList<(SpamDocument Document, bool IsSpam)> StarterCorpus => Corpus.Value;

    /// <summary>Seeds the store from the starter corpus if it is empty (and seeding is on). Cheap after the first call.</summary>
    public async Task EnsureSeededAsync(ISpamModelStore store, CancellationToken ct = default)
    {
        if (_seeded || !options.Value.SeedStarterModel) return;
        await _gate.WaitAsync(ct);
        try
        {
            if (_seeded) return;
            if (await store.IsEmptyAsync(ct)) await store.SeedAsync(NaiveBayesClassifier.BuildModel(StarterCorpus), ct);
            _seeded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Parses corpus lines; "#" starts a comment line, "\n" and "\t" in texts stand for newline and tab.</summary>
    public static IReadOnlyList<(SpamDocument Document, bool IsSpam)> Parse(TextReader reader)
    {
        var result = new List<(SpamDocument, bool)>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split('\t');
            var isSpam = fields[0] switch
            {
                "spam" => true,
                "ham" => false,
                _ => throw new FormatException($"Starter corpus line {number}: the label must be spam or ham."),
            };
            if (fields.Length < 2 || string.IsNullOrWhiteSpace(fields[1])) throw new FormatException($"Starter corpus line {number}: no text.");
            result.Add((new SpamDocument(Unescape(fields[1]), Field(fields, 2), null, Field(fields, 3)), isSpam));
        }
        return result;
    }

    public static string Unescape(string value) =>
        value.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal);

    private static string? Field(string[] fields, int index) =>
        fields.Length > index && fields[index].Length > 0 ? Unescape(fields[index]) : null;

    private static IReadOnlyList<(SpamDocument, bool)> LoadCorpus()
    {
        using var stream = typeof(SpamModelSeeder).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
