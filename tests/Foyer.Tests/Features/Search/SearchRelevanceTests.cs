using System.Globalization;
using Foyer.Data.Accounts;
using Foyer.Data.Search;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Features.Search;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Database;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Foyer.Tests.Features.Search;

/// <summary>
/// Search quality on a fixed corpus of theatre and museum content (German and English): 70 queries with the documents
/// they should find, scored as recall@10 and MRR (mean reciprocal rank of the first relevant hit) on each database.
/// The goal is recall@10 ≥ 0.9; the figures are printed for the closing note.
/// </summary>
public abstract class SearchRelevanceTests(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private readonly FoyerApp _app = new(provider);
    private readonly Dictionary<string, (SearchKind Kind, long Id)> _docs = [];

    /// <summary>The corpus: posts (P) and wiki pages (W, "title|text").</summary>
    public static readonly (string Key, string Text)[] Corpus =
    [
        ("P1", "Das Kooperationsprojekt mit dem Stadtmuseum startet im Herbst. Wir suchen noch Freiwillige für die Führungen."),
        ("P2", "Projekte 2027: Bitte reicht eure Ideen für neue Projekte bis Ende Januar ein."),
        ("W3", "Probenplan Herbst|Die Proben für Don Giovanni beginnen am 3. September auf der Probebühne 2. Hauptprobe am 28. September."),
        ("P4", "Die Staatsoper Berlin leiht uns Kostüme für die Gala im Dezember."),
        ("P5", "Opern im Park: das Open-Air-Konzert findet bei Regen in der Stadthalle statt."),
        ("P6", "Die Straße vor dem Bühneneingang ist ab Montag wegen Bauarbeiten gesperrt."),
        ("P7", "Lieferungen bitte über die Strasse hinter der Werkstatt, Tor 3."),
        ("P8", "Herr Müller aus der Requisite sucht einen Schreibtisch aus den 1950er Jahren."),
        ("P9", "Frau Mueller übernimmt ab März die Leitung der Maske."),
        ("P10", "Thanks to everyone who joined the rehearsal yesterday, the second act is in great shape."),
        ("P11", "Rehearsals for the touring production move to the small stage next week."),
        ("W12", "Brandschutz Hauptbühne|Checkliste Brandschutz: Feuerlöscher prüfen, Notausgänge freihalten, Pyrotechnik anmelden."),
        ("P13", "Der Eiserne Vorhang wird am Donnerstag gewartet, keine Vorstellung an diesem Abend."),
        ("P14", "Ticketverkauf für die Spielzeit 2027/28 beginnt am 1. Juni an der Theaterkasse und online."),
        ("P15", "Museum night: the exhibition Light and Shadow stays open until midnight on Saturday."),
        ("W16", "Ausstellung Licht und Schatten|Die Ausstellung zeigt Fotografien aus hundert Jahren Theatergeschichte. Leihgaben vom Stadtarchiv."),
        ("P17", "Das Orchester probt die Neunte Sinfonie von Beethoven im großen Saal."),
        ("P18", "Orchestra tour: the bus leaves at 6 am from the stage door, passports required."),
        ("P19", "Die Kantine bleibt während der Sommerpause geschlossen."),
        ("P20", "Workshop für Schulklassen: die Theaterpädagogik stellt das neue Vermittlungsprogramm vor."),
        ("W21", "Urlaubsregelung|Urlaubsanträge bitte spätestens vier Wochen vorher im Personalbüro einreichen."),
        ("P22", "Die Generalprobe von Faust ist öffentlich, Einlass ab 18:30 Uhr."),
        ("P23", "Für das Bühnenbild von Faust werden noch Holzplatten und Farbe benötigt."),
        ("P24", "The lighting designer needs the final cue list by Friday."),
        ("P25", "Die Beleuchtung im Zuschauersaal wird auf LED umgestellt, das spart Energie."),
        ("P26", "Spendenaktion des Fördervereins: 12.000 Euro für die neue Orgel."),
        ("P27", "Pressekonferenz zur neuen Intendanz am Dienstag um 11 Uhr im Foyer."),
        ("P28", "Chorprobe fällt heute aus, der Chorleiter ist krank."),
        ("W29", "Tourneeplanung|Tournee nach Wien und Prag: Transport der Kulissen per LKW, Übernachtung im Hotel."),
        ("P30", "Die Kulissen für die Tournee werden am Freitag verladen."),
        ("P31", "Accessibility: we now offer audio description for selected performances."),
        ("P32", "Barrierefreiheit: Ab sofort gibt es Audiodeskription bei ausgewählten Vorstellungen."),
        ("P33", "Das Ballett zeigt Schwanensee zum letzten Mal in dieser Spielzeit."),
        ("P34", "Ballet company auditions take place on 12 May in studio B."),
        ("P35", "Der Betriebsrat lädt zur Betriebsversammlung am Mittwoch ein."),
        ("P36", "Neue Mitarbeiterin in der Dramaturgie: Herzlich willkommen, Jana!"),
        ("P37", "Die Dramaturgie sucht Texte für das Programmheft der Spielzeiteröffnung."),
        ("W38", "Kooperationen|Übersicht aller Kooperationen mit Schulen, Museen und freien Gruppen."),
        ("P39", "Digitalisierung des Archivs: 5.000 Programmhefte sind jetzt online durchsuchbar."),
        ("P40", "Volunteers wanted for the children's theatre festival in July."),
        ("P41", "Das Kindertheaterfestival im Juli braucht noch Helferinnen und Helfer."),
        ("P42", "Maskenbildnerei: neue Perücken für die Zauberflöte sind eingetroffen."),
        ("P43", "Die Zauberflöte wird im Dezember wieder aufgenommen."),
        ("P44", "Costume fitting for The Magic Flute is on Thursday afternoon."),
        ("P45", "Garderobe: Bitte persönliche Gegenstände nicht in den Gängen lagern."),
        ("P46", "Die Requisite braucht für Don Giovanni noch drei Kerzenleuchter."),
        ("P47", "Nach der Premiere gibt es einen Empfang im Foyer für alle Mitwirkenden."),
        ("P48", "The premiere party starts after the curtain call in the foyer."),
    ];

    /// <summary>Queries and the documents they should find (any order).</summary>
    public static readonly (string Query, string[] Relevant)[] Queries =
    [
        ("Projekt", ["P1", "P2"]), ("Kooperationsprojekt", ["P1"]), ("Projekte", ["P2", "P1"]),
        ("Oper", ["P4", "P5"]), ("Opern", ["P5", "P4"]), ("Staatsoper", ["P4"]),
        ("Strasse", ["P6", "P7"]), ("Straße", ["P6", "P7"]),
        ("Müller", ["P8", "P9"]), ("Mueller", ["P8", "P9"]), ("Muller", ["P8", "P9"]),
        ("rehearsals", ["P10", "P11"]), ("rehearsal", ["P10", "P11"]),
        ("Probenplan", ["W3"]), ("Proben Don Giovanni", ["W3"]), ("\"Don Giovanni\"", ["W3", "P46"]),
        ("Brandschutz", ["W12"]), ("Feuerlöscher", ["W12"]), ("Feuerloescher", ["W12"]), ("Notausgang", ["W12"]),
        ("eiserner Vorhang", ["P13"]), ("Ticketverkauf", ["P14"]), ("Tickets", ["P14"]), ("Spielzeit 2027", ["P14"]),
        ("exhibition", ["P15"]), ("Ausstellung", ["W16"]), ("Licht und Schatten", ["W16"]), ("Fotografien", ["W16"]),
        ("Orchester", ["P17", "P18"]), ("Sinfonie Beethoven", ["P17"]), ("orchestra tour", ["P18"]),
        ("Kantine", ["P19"]), ("Sommerpause", ["P19"]), ("Theaterpädagogik", ["P20"]), ("Schulklassen", ["P20"]),
        ("Urlaub", ["W21"]), ("Urlaubsantrag", ["W21"]),
        ("Generalprobe Faust", ["P22"]), ("Faust", ["P22", "P23"]), ("Bühnenbild", ["P23"]),
        ("lighting", ["P24"]), ("cue list", ["P24"]), ("Beleuchtung", ["P25"]), ("LED", ["P25"]),
        ("Förderverein", ["P26"]), ("Foerderverein", ["P26"]), ("Spende", ["P26"]), ("Orgel", ["P26"]),
        ("Pressekonferenz", ["P27"]), ("Intendanz", ["P27"]), ("Chorprobe", ["P28"]), ("Chor", ["P28"]),
        ("Tournee", ["W29", "P30"]), ("Kulissen", ["P30", "W29"]), ("Wien Prag", ["W29"]),
        ("audio description", ["P31"]), ("Audiodeskription", ["P32"]), ("Barrierefreiheit", ["P32"]),
        ("Ballett", ["P33"]), ("Schwanensee", ["P33"]), ("auditions", ["P34"]),
        ("Betriebsversammlung", ["P35"]), ("Betriebsrat", ["P35"]),
        ("Dramaturgie", ["P36", "P37"]), ("Programmheft", ["P37", "P39"]), ("Archiv", ["P39", "W16"]),
        ("volunteers", ["P40"]), ("Kindertheaterfestival", ["P41"]), ("Festival", ["P40", "P41"]), ("Helfer", ["P41"]),
        ("Zauberflöte", ["P42", "P43"]), ("Zauberfloete", ["P42", "P43"]), ("Magic Flute", ["P44"]), ("Perücken", ["P42"]),
        ("Garderobe", ["P45"]), ("Stadtmuseum", ["P1"]), ("Museum", ["P15", "P1"]),
        ("Premiere Foyer", ["P47"]), ("premiere", ["P47", "P48"]), ("Kerzenleuchter", ["P46"]),
    ];

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        var author = _app.Admin;
        var space = await _app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var now = _app.Clock.GetUtcNow().UtcDateTime;
        await _app.WithDbAsync(async db =>
        {
            var position = 0;
            foreach (var (key, text) in Corpus)
            {
                if (key.StartsWith('W'))
                {
                    var (title, body) = (text.Split('|')[0], text.Split('|')[1]);
                    var page = new WikiPage
                    {
                        SpaceId = space.Id, Title = title, NormalizedTitle = title.ToUpperInvariant(), Slug = "seite-" + key.ToLowerInvariant(),
                        Position = position++, Markdown = body, Html = "<p>" + body + "</p>", PlainText = body, CreatedById = author.Id,
                        UpdatedById = author.Id, CreatedAt = now, UpdatedAt = now,
                    };
                    db.WikiPages.Add(page);
                    await db.SaveChangesAsync();
                    _docs[key] = (SearchKind.WikiPage, page.Id);
                }
                else
                {
                    var post = new Post { SpaceId = space.Id, AuthorId = author.Id, Markdown = text, Html = "<p>" + text + "</p>", PlainText = text, CreatedAt = now };
                    db.Posts.Add(post);
                    await db.SaveChangesAsync();
                    _docs[key] = (SearchKind.Post, post.Id);
                }
            }
            return 0;
        });
        await _app.IndexedAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose()
    {
        _app.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Recall_at_10_is_at_least_0_9_on_the_test_set()
    {
        Assert.True(Queries.Length >= 60);
        var admin = new Viewer(_app.Admin.Id, OrgRole.Admin);
        var byDoc = _docs.ToDictionary(d => d.Value, d => d.Key);
        double recallSum = 0, reciprocalSum = 0;
        var misses = new List<string>();
        foreach (var (query, relevant) in Queries)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var results = await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(admin, query, new SearchFilters());
            var keys = results.Hits.Take(10).Select(h => byDoc.TryGetValue((h.Kind, h.SourceId), out var k) ? k : "?").ToList();
            var found = relevant.Count(keys.Contains);
            recallSum += (double)found / relevant.Length;
            var first = keys.FindIndex(relevant.Contains);
            reciprocalSum += first < 0 ? 0 : 1.0 / (first + 1);
            if (found < relevant.Length) misses.Add($"{query}: wanted {string.Join(",", relevant)}, got {string.Join(",", keys)}");
        }
        var recall = recallSum / Queries.Length;
        var mrr = reciprocalSum / Queries.Length;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search quality ({provider}): {Queries.Length} queries, recall@10 {recall:0.000}, MRR {mrr:0.000}"));
        foreach (var miss in misses) output.WriteLine("  miss: " + miss);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search quality ({provider}): {Queries.Length} queries, recall@10 {recall:0.000}, MRR {mrr:0.000}"));
        Assert.True(recall >= 0.9, $"recall@10 {recall:0.000} < 0.9; misses: {string.Join(" | ", misses)}");
        Assert.True(mrr >= 0.8, $"MRR {mrr:0.000} < 0.8");
    }
}

public sealed class SqliteSearchRelevanceTests(ITestOutputHelper output) : SearchRelevanceTests(DatabaseProvider.Sqlite, output);

public sealed class PostgresSearchRelevanceTests(ITestOutputHelper output) : SearchRelevanceTests(DatabaseProvider.Postgres, output);
