using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Foyer.Web.Features.Wiki;

/// <summary>Readable differences between two versions of a text, and a three-way merge of two edits of one version.</summary>
public static class WikiDiff
{
    private const int Context = 3;

    public sealed record Stats(int LinesAdded, int LinesRemoved, int LinesChanged)
    {
        public bool IsEmpty => LinesAdded + LinesRemoved + LinesChanged == 0;
    }

    /// <summary>
    /// A unified diff as HTML: changed lines twice (before, after) with the changed words marked by del/ins, three
    /// lines of context around each change, long unchanged stretches folded. Everything is HTML-encoded.
    /// </summary>
    public static (string Html, Stats Stats) Render(string oldText, string newText, string foldedLabel)
    {
        var model = SideBySideDiffBuilder.Diff(Normalize(oldText), Normalize(newText), ignoreWhiteSpace: false);
        var rows = new List<(ChangeType Type, DiffPiece? Old, DiffPiece? New)>();
        for (var i = 0; i < Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count); i++)
        {
            var o = i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null;
            var n = i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null;
            var type = o?.Type == ChangeType.Modified || n?.Type == ChangeType.Modified ? ChangeType.Modified
                : o?.Type == ChangeType.Deleted ? (n?.Type == ChangeType.Inserted ? ChangeType.Modified : ChangeType.Deleted)
                : n?.Type == ChangeType.Inserted ? ChangeType.Inserted
                : ChangeType.Unchanged;
            rows.Add((type, o, n));
        }

        var show = new bool[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Type == ChangeType.Unchanged) continue;
            for (var j = Math.Max(0, i - Context); j <= Math.Min(rows.Count - 1, i + Context); j++) show[j] = true;
        }

        // Folding one or two lines saves nothing: show short gaps between changes as they are.
        for (var i = 0; i < rows.Count;)
        {
            if (show[i])
            {
                i++;
                continue;
            }
            var end = i;
            while (end < rows.Count && !show[end]) end++;
            if (end - i <= 2 && i > 0 && end < rows.Count) for (var j = i; j < end; j++) show[j] = true;
            i = end;
        }

        var html = new StringBuilder("<div class=\"diff\">");
        int added = 0, removed = 0, changed = 0;
        var folded = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (!show[i])
            {
                folded++;
                continue;
            }
            if (folded > 0)
            {
                html.Append("<div class=\"diff-fold\">").Append(Encode(string.Format(System.Globalization.CultureInfo.CurrentCulture, foldedLabel, folded))).Append("</div>");
                folded = 0;
            }
            var (type, o, n) = rows[i];
            switch (type)
            {
                case ChangeType.Unchanged:
                    Line(html, "same", " ", Encode(n?.Text ?? o?.Text ?? ""));
                    break;
                case ChangeType.Deleted:
                    removed++;
                    Line(html, "del", "−", "<del>" + Encode(o?.Text ?? "") + "</del>");
                    break;
                case ChangeType.Inserted:
                    added++;
                    Line(html, "ins", "+", "<ins>" + Encode(n?.Text ?? "") + "</ins>");
                    break;
                default:
                    changed++;
                    if (o is { Type: not ChangeType.Imaginary }) Line(html, "del", "−", Words(o, ChangeType.Deleted, "del"));
                    if (n is { Type: not ChangeType.Imaginary }) Line(html, "ins", "+", Words(n, ChangeType.Inserted, "ins"));
                    break;
            }
        }
        if (folded > 0)
        {
            html.Append("<div class=\"diff-fold\">").Append(Encode(string.Format(System.Globalization.CultureInfo.CurrentCulture, foldedLabel, folded))).Append("</div>");
        }
        html.Append("</div>");
        return (html.ToString(), new Stats(added, removed, changed));
    }

    /// <summary>How much changed, for deciding whether an edit is worth a stream entry.</summary>
    public static int ChangedCharacters(string oldText, string newText)
    {
        var diff = Differ.Instance.CreateCharacterDiffs(Normalize(oldText), Normalize(newText), ignoreWhitespace: false);
        return diff.DiffBlocks.Sum(b => Math.Max(b.DeleteCountA, b.InsertCountB));
    }

    /// <summary>
    /// Merges two edits of the same base line by line. Succeeds when they touch different lines; otherwise returns
    /// null and the person merges by hand.
    /// </summary>
    public static string? Merge(string baseText, string theirs, string mine)
    {
        var b = Normalize(baseText);
        var t = Normalize(theirs);
        var m = Normalize(mine);
        if (t == m) return m;
        var baseLines = b.Split('\n');
        var theirBlocks = Differ.Instance.CreateLineDiffs(b, t, ignoreWhitespace: false).DiffBlocks;
        var myBlocks = Differ.Instance.CreateLineDiffs(b, m, ignoreWhitespace: false).DiffBlocks;
        var theirLines = t.Split('\n');
        var myLines = m.Split('\n');

        foreach (var x in theirBlocks)
        {
            foreach (var y in myBlocks)
            {
                // Touching or overlapping ranges of the base are a conflict (an insertion at the same place too).
                var xEnd = x.DeleteStartA + x.DeleteCountA;
                var yEnd = y.DeleteStartA + y.DeleteCountA;
                if (x.DeleteStartA <= yEnd && y.DeleteStartA <= xEnd) return null;
            }
        }

        var edits = theirBlocks.Select(x => (x.DeleteStartA, x.DeleteCountA, Lines: theirLines.Skip(x.InsertStartB).Take(x.InsertCountB)))
            .Concat(myBlocks.Select(y => (y.DeleteStartA, y.DeleteCountA, Lines: myLines.Skip(y.InsertStartB).Take(y.InsertCountB))))
            .OrderBy(e => e.DeleteStartA).ToList();
        var result = new List<string>();
        var at = 0;
        foreach (var (start, count, lines) in edits)
        {
            result.AddRange(baseLines.Skip(at).Take(start - at));
            result.AddRange(lines);
            at = start + count;
        }
        result.AddRange(baseLines.Skip(at));
        return string.Join('\n', result);
    }

    public static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    // Umlauts stay readable characters; only what is markup gets encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Encode(string text) => Encoder.Encode(text);

    private static void Line(StringBuilder html, string kind, string sign, string content) =>
        html.Append("<div class=\"diff-line ").Append(kind).Append("\"><span class=\"sign\" aria-hidden=\"true\">").Append(sign)
            .Append("</span><span class=\"text\">").Append(content).Append("</span></div>");

    private static string Words(DiffPiece line, ChangeType marked, string tag)
    {
        if (line.SubPieces.Count == 0) return $"<{tag}>{Encode(line.Text ?? "")}</{tag}>";
        // Neighbouring changed words become one marked run: "<ins>, Mia</ins>", not one element per word.
        var sb = new StringBuilder();
        var run = new StringBuilder();
        foreach (var piece in line.SubPieces)
        {
            if (piece.Type == ChangeType.Imaginary) continue;
            if (piece.Type == marked || piece.Type == ChangeType.Modified)
            {
                run.Append(piece.Text);
                continue;
            }
            Flush();
            sb.Append(Encode(piece.Text ?? ""));
        }
        Flush();
        return sb.ToString();

        void Flush()
        {
            if (run.Length == 0) return;
            sb.Append('<').Append(tag).Append('>').Append(Encode(run.ToString())).Append("</").Append(tag).Append('>');
            run.Clear();
        }
    }
}
