using Foyer.Web.Features.Wiki;

namespace Foyer.Tests.Features.Wiki;

public sealed class WikiDiffTests
{
    [Fact]
    public void Changed_words_are_marked_within_their_line()
    {
        var (html, stats) = WikiDiff.Render("Erste Leseprobe am 3. Oktober.\nOrt: Probebühne", "Erste Leseprobe am 4. Oktober.\nOrt: Probebühne", "… {0} …");
        Assert.Contains("am <del>3</del>. Oktober", html, StringComparison.Ordinal);
        Assert.Contains("am <ins>4</ins>. Oktober", html, StringComparison.Ordinal);
        Assert.Equal(1, stats.LinesChanged);
        Assert.Equal(0, stats.LinesAdded);
    }

    [Fact]
    public void Added_and_removed_lines_are_counted_and_marked()
    {
        var (html, stats) = WikiDiff.Render("a\nb\nc", "a\nc\nd", "… {0} …");
        Assert.Contains("<del>b</del>", html, StringComparison.Ordinal);
        Assert.Contains("<ins>d</ins>", html, StringComparison.Ordinal);
        Assert.Equal(1, stats.LinesRemoved);
        Assert.Equal(1, stats.LinesAdded);
    }

    [Fact]
    public void Text_is_encoded_so_a_diff_never_carries_markup()
    {
        var (html, _) = WikiDiff.Render("<b>alt</b>", "<script>alert(1)</script>", "… {0} …");
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_unchanged_stretches_are_folded()
    {
        var lines = Enumerable.Range(1, 100).Select(i => $"Zeile {i}").ToList();
        var changed = lines.ToList();
        changed[50] = "Zeile fünfzig-eins";
        var (html, _) = WikiDiff.Render(string.Join('\n', lines), string.Join('\n', changed), "… {0} unchanged …");
        Assert.Contains("… 47 unchanged …", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Zeile 10<", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Identical_texts_have_no_changes()
    {
        var (_, stats) = WikiDiff.Render("gleich\r\nbleibt", "gleich\nbleibt", "{0}");
        Assert.True(stats.IsEmpty);
    }

    [Fact]
    public void Edits_of_different_lines_merge()
    {
        var merged = WikiDiff.Merge("a\nb\nc\nd\ne", "A\nb\nc\nd\ne", "a\nb\nc\nd\nE");
        Assert.Equal("A\nb\nc\nd\nE", merged);
    }

    [Fact]
    public void Edits_of_the_same_line_do_not_merge()
    {
        Assert.Null(WikiDiff.Merge("a\nb\nc", "a\nB1\nc", "a\nB2\nc"));
    }

    [Fact]
    public void The_same_edit_twice_is_no_conflict()
    {
        Assert.Equal("a\nX\nc", WikiDiff.Merge("a\nb\nc", "a\nX\nc", "a\nX\nc"));
    }

    [Fact]
    public void An_insertion_and_a_distant_deletion_merge()
    {
        var merged = WikiDiff.Merge("1\n2\n3\n4\n5\n6", "0\n1\n2\n3\n4\n5\n6", "1\n2\n3\n4\n6");
        Assert.Equal("0\n1\n2\n3\n4\n6", merged);
    }

    [Fact]
    public void Small_edits_count_few_characters()
    {
        Assert.True(WikiDiff.ChangedCharacters("Probe am 3. Oktober", "Probe am 4. Oktober") < WikiWriter.SubstantialChange);
        Assert.True(WikiDiff.ChangedCharacters("kurz", "kurz\n\nEin ganz neuer Absatz mit vielen Informationen zur Probe.") >= WikiWriter.SubstantialChange);
    }
}
