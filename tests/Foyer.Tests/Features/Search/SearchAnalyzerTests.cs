using Foyer.Web.Features.Search;

namespace Foyer.Tests.Features.Search;

public class SearchAnalyzerTests
{
    private static string Term(string word) => Assert.Single(SearchAnalyzer.Words(word)).Term;

    [Theory]
    [InlineData("Müller", "Mueller")]
    [InlineData("Müller", "Muller")]
    [InlineData("Straße", "Strasse")]
    [InlineData("Straße", "Strassen")]
    [InlineData("Oper", "Opern")]
    [InlineData("Projekt", "Projekte")]
    [InlineData("Projekt", "Projekten")]
    [InlineData("rehearsal", "rehearsals")]
    [InlineData("Zauberflöte", "Zauberfloete")]
    [InlineData("Förderverein", "Foerderverein")]
    [InlineData("Café", "Cafe")]
    [InlineData("Urlaubsanträge", "Urlaubsantrag")]
    [InlineData("stories", "story")]
    public void Spellings_and_inflections_meet_in_one_term(string a, string b) => Assert.Equal(Term(a), Term(b));

    [Theory]
    [InlineData("Quelle", "quelle")]
    [InlineData("Oper", "oper")]
    public void Folding_keeps_what_is_not_a_spelled_out_umlaut(string word, string folded) =>
        Assert.Equal(folded, Assert.Single(SearchAnalyzer.Words(word)).Folded);

    [Fact]
    public void Words_keep_their_place_in_the_text_for_highlighting()
    {
        var words = SearchAnalyzer.Words("Die Proben, „Don Giovanni“ – 3. September!");
        Assert.Equal(["die", "proben", "don", "giovanni", "3", "september"], words.Select(w => w.Folded));
        Assert.Equal("Giovanni", "Die Proben, „Don Giovanni“ – 3. September!".Substring(words[3].Start, words[3].Length));
    }

    [Fact]
    public void Emoji_punctuation_and_control_characters_are_no_words()
    {
        Assert.Equal(["theater"], SearchAnalyzer.Words("🎭 Theater! \u0000\u0007 --- ***").Select(w => w.Folded));
    }
}

public class SearchQueryTests
{
    [Fact]
    public void Words_phrases_and_exclusions_are_told_apart()
    {
        var q = SearchQuery.Parse("Probe \"Don Giovanni\" -abgesagt Bühne");
        Assert.Equal(["probe", "buhne"], q.Words.Select(w => w.Folded));
        Assert.Equal(["don", "giovanni"], Assert.Single(q.Phrases).Select(w => w.Folded));
        Assert.Equal(["abgesagt"], q.Excluded.Select(w => w.Folded));
    }

    [Theory]
    [InlineData("\"unbalanced phrase")]
    [InlineData("NEAR(a b) OR title:x ^y * (z")]
    [InlineData("' OR 1=1 --")]
    public void Query_syntax_of_the_databases_is_only_separators(string text)
    {
        var q = SearchQuery.Parse(text);
        var all = q.Words.Concat(q.Phrases.SelectMany(p => p)).Concat(q.Excluded);
        Assert.All(all, w => Assert.Matches("^[a-z0-9]+$", w.Term));
    }

    [Fact]
    public void A_long_query_is_cut_and_says_so()
    {
        var q = SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, 500).Select(i => "wort" + i)));
        Assert.True(q.Shortened);
        Assert.Equal(SearchQuery.MaxWords, q.Words.Count);
        Assert.True(SearchQuery.Parse(new string('x', 10_000)).Shortened);
    }

    [Fact]
    public void Only_exclusions_or_nothing_is_an_empty_query()
    {
        Assert.True(SearchQuery.Parse("-probe").OnlyExclusions);
        Assert.True(SearchQuery.Parse("  \" \" ** ").IsEmpty);
        Assert.True(SearchQuery.Parse("E-Mail").Words.Count == 1);
    }

    [Fact]
    public void Engine_queries_quote_every_term()
    {
        var q = new EngineQuery([new TermGroup(["projek"], ["kooperationsprojek"]), new TermGroup(["herbst"], [])], [["don", "giovanni"]], ["abgesagt"]);
        Assert.Equal("(\"projek\"* OR \"kooperationsprojek\") AND \"herbst\"* AND \"don giovanni\" NOT \"abgesagt\"*", SqliteSearchEngine.Match(q));
        Assert.Equal("('projek':* | 'kooperationsprojek') & 'herbst':* & ('don' <-> 'giovanni') & !'abgesagt':*", PostgresSearchEngine.TsQuery(q));
    }

    [Fact]
    public void Phrases_become_the_word_pairs_of_PostgreSQLs_pair_index_each_once_and_quoted()
    {
        var q = new EngineQuery([], [["zweit", "akt"], ["im", "zweit", "akt"], ["einzeln"], ["o'neill", "stuck"]], []);
        Assert.Equal("'zweit+akt' & 'im+zweit' & 'o''neill+stuck'", PostgresSearchEngine.PairQuery(q));
        Assert.Null(PostgresSearchEngine.PairQuery(new EngineQuery([new TermGroup([], ["akt"])], [["einzeln"]], [])));
    }
}
