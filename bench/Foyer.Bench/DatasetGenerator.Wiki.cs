using System.Text;
using Foyer.Data.Wiki;
using Foyer.Web.Infrastructure.Content;
using Microsoft.Data.Sqlite;
using static System.FormattableString;

namespace Foyer.Bench;

/// <summary>A wiki page as planned before any text is written: where it sits, what it is called, how long it gets.</summary>
internal sealed class PlannedPage
{
    public required int Space { get; init; }
    public required string Title { get; init; }
    public required string Normalized { get; init; }
    public required string Slug { get; init; }
    /// <summary>Index of the parent page in <see cref="WikiPlan.Pages"/>, or -1 for a top-level page.</summary>
    public required int Parent { get; init; }
    public required int Position { get; init; }
    /// <summary>Length of the current Markdown the revisions grow towards.</summary>
    public required int TargetLength { get; init; }
    public required bool Big { get; init; }
    public int Revisions { get; set; } = 1;
    /// <summary>Set for a renamed page: the title (and slug) of its first revisions, kept as aliases.</summary>
    public string? OldTitle { get; set; }
    public string? OldSlug { get; set; }
}

/// <summary>A [[link]] as written in Markdown, as the content pipeline renders it, and the WikiLinks row it makes.</summary>
internal readonly record struct WikiTarget(int Space, string Markdown, string Html, string Label, string Normalized);

/// <summary>Every page of every space, planned up front so that pages, posts and comments can link to any of them.</summary>
internal sealed class WikiPlan(DatasetGenerator.SpaceRow[] spaces, PlannedPage[] pages, int[][] bySpace, int[][] bigBySpace)
{
    /// <summary>Links into another space, and links to pages that do not exist yet, among all links.</summary>
    private const double CrossSpaceShare = 0.04, MissingShare = 0.05;

    public DatasetGenerator.SpaceRow[] Spaces { get; } = spaces;
    public PlannedPage[] Pages { get; } = pages;
    /// <summary>Indexes into <see cref="Pages"/> per space index, in id order.</summary>
    public int[][] BySpace { get; } = bySpace;
    /// <summary>The long (~20 KB) pages per space: the ones most linked to.</summary>
    public int[][] BigBySpace { get; } = bigBySpace;

    /// <summary>
    /// A link target for a text in space <paramref name="space"/>: mostly a page of the same space (a long page with
    /// probability <paramref name="bigShare"/>, else any page), sometimes a page of another space, sometimes a page
    /// that does not exist yet; a renamed page is now and then linked by its old title.
    /// </summary>
    public WikiTarget PickTarget(Random rng, int space, int self, double bigShare)
    {
        var roll = rng.NextDouble();
        var targetSpace = space;
        if (roll < CrossSpaceShare && Spaces.Length > 1)
        {
            targetSpace = rng.Next(Spaces.Length - 1);
            if (targetSpace >= space) targetSpace++;
        }
        var candidates = BySpace[targetSpace];
        if (candidates.Length == 0 || (roll >= CrossSpaceShare && roll < CrossSpaceShare + MissingShare))
        {
            var title = $"Entwurf {TextPool.WikiNouns[rng.Next(TextPool.WikiNouns.Length)]} {TextPool.WikiSubjects[rng.Next(TextPool.WikiSubjects.Length)]}";
            return Make(targetSpace, space, title, null);
        }
        var big = BigBySpace[targetSpace];
        int index;
        var tries = 0;
        do
        {
            index = big.Length > 0 && rng.NextDouble() < bigShare ? big[rng.Next(big.Length)] : candidates[rng.Next(candidates.Length)];
        }
        while (index == self && ++tries < 5);
        var page = Pages[index];
        var written = page.OldTitle is not null && rng.NextDouble() < 0.15 ? page.OldTitle : page.Title;
        return Make(targetSpace, space, written, page);
    }

    /// <summary>The same markup as WikiLinkRenderer writes after SpaceContentRenderer resolved the target.</summary>
    private WikiTarget Make(int targetSpace, int fromSpace, string title, PlannedPage? page)
    {
        var s = Spaces[targetSpace];
        var cross = targetSpace != fromSpace;
        var markdown = cross ? $"[[{s.Slug}:{title}]]" : $"[[{title}]]";
        string href;
        var missing = false;
        if (cross && s.Visibility != 0)
        {
            // Into a space the text cannot look into: a resolver that checks the reader's rights on click.
            href = $"/spaces/{s.Slug}/wiki/by-title?title={Uri.EscapeDataString(title)}";
        }
        else if (page is null)
        {
            href = $"/spaces/{s.Slug}/wiki/new?title={Uri.EscapeDataString(title)}";
            missing = true;
        }
        else
        {
            href = $"/spaces/{s.Slug}/wiki/{page.Slug}";
        }
        var html = $"<a class=\"wiki-link{(missing ? " missing" : "")}\" href=\"{href}\">{DatasetGenerator.Escape(title)}</a>";
        return new WikiTarget(targetSpace, markdown, html, title, WikiTitles.Normalize(title));
    }
}

internal static partial class DatasetGenerator
{
    /// <summary>Share of posts and of comments with a [[link]] to a wiki page.</summary>
    private const double PostLinkShare = 0.05, CommentLinkShare = 0.01;
    /// <summary>Share of pages of ~20 KB, and of pages of 5–12 KB; the rest have 1–5 KB.</summary>
    private const double BigPageShare = 0.01, MediumPageShare = 0.06;

    /// <summary>
    /// Pages spread over the spaces (some spaces have many more than others), each space's pages in a tree: the first
    /// is "Startseite", then every page is either top-level or the child of an earlier page of its space. Titles and
    /// slugs are unique per space. One revision per page, the others spread at random, more to long pages.
    /// </summary>
    private static WikiPlan PlanWiki(DatasetSpec spec, SpaceRow[] spaces, Random rng)
    {
        var weights = spaces.Select(_ => 0.3 + rng.NextDouble() * rng.NextDouble() * 2.5).ToArray();
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative[i] = sum += weights[i];
        }
        var bySpace = spaces.Select(_ => new List<int>()).ToArray();
        var titles = spaces.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var slugs = spaces.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var roots = new int[spaces.Length];
        var children = new int[spec.Pages];
        var pages = new PlannedPage[spec.Pages];
        for (var i = 0; i < spec.Pages; i++)
        {
            var s = Array.BinarySearch(cumulative, rng.NextDouble() * sum);
            s = Math.Min(s < 0 ? ~s : s, spaces.Length - 1);
            var k = bySpace[s].Count;
            var stem = k == 0 ? "Startseite" : $"{TextPool.WikiNouns[rng.Next(TextPool.WikiNouns.Length)]} {TextPool.WikiSubjects[rng.Next(TextPool.WikiSubjects.Length)]}";
            var title = stem;
            var normalized = WikiTitles.Normalize(title);
            for (var n = 2; !titles[s].Add(normalized); n++)
            {
                title = Invariant($"{stem} {n}");
                normalized = WikiTitles.Normalize(title);
            }
            var slugStem = Slugs.From(title, maxLength: WikiPage.MaxTitleLength);
            var slug = slugStem;
            for (var n = 2; !slugs[s].Add(slug); n++)
            {
                slug = Invariant($"{slugStem}-{n}");
            }
            var parent = k == 0 || rng.NextDouble() < 0.12 ? -1 : bySpace[s][rng.Next(k)];
            var position = parent < 0 ? ++roots[s] : ++children[parent];
            var roll = rng.NextDouble();
            var big = roll < BigPageShare;
            var length = big ? 19_000 + rng.Next(2_000)
                : roll < BigPageShare + MediumPageShare ? 5_000 + rng.Next(7_000)
                : (int)(1_000 * Math.Pow(5, rng.NextDouble()));
            pages[i] = new PlannedPage
            {
                Space = s, Title = title, Normalized = normalized, Slug = slug, Parent = parent, Position = position,
                TargetLength = length, Big = big,
            };
            bySpace[s].Add(i);
        }

        // The other revisions at random; long pages get edited more often, and some pages far more than others.
        if (spec.Pages > 0)
        {
            var pageWeights = new double[spec.Pages];
            var total = 0.0;
            for (var i = 0; i < spec.Pages; i++)
            {
                var u = rng.NextDouble();
                var kind = pages[i].Big ? 3 : pages[i].TargetLength >= 5_000 ? 2 : 1;
                pageWeights[i] = total += kind * (0.1 + u * u * 3);
            }
            for (var r = spec.Pages; r < spec.Revisions; r++)
            {
                var p = Array.BinarySearch(pageWeights, rng.NextDouble() * total);
                pages[Math.Min(p < 0 ? ~p : p, spec.Pages - 1)].Revisions++;
            }
        }

        // A few renamed pages: their old title and slug stay as aliases.
        var aliasSlugs = spaces.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        foreach (var page in pages)
        {
            if (page.Revisions < 2 || page.Parent < 0 && page.Position == 1 || rng.NextDouble() >= 0.02) continue;
            var old = page.Title + " (Entwurf)";
            var oldSlug = Slugs.From(old, maxLength: WikiPage.MaxTitleLength);
            if (!titles[page.Space].Add(WikiTitles.Normalize(old)) || !aliasSlugs[page.Space].Add(oldSlug)) continue;
            page.OldTitle = old;
            page.OldSlug = oldSlug;
        }
        return new WikiPlan(spaces, pages, [.. bySpace.Select(l => l.ToArray())],
            [.. bySpace.Select(l => l.Where(p => pages[p].Big).ToArray())]);
    }

    private enum BlockKind
    {
        Heading,
        Paragraph,
        Item,
        LinkParagraph,
        LinkItem,
    }

    /// <summary>One block of a page: a heading, a paragraph (one Markdown line), a list item, or a line with a [[link]].</summary>
    private sealed class Block
    {
        public BlockKind Kind { get; init; }
        public string[] Sentences { get; set; } = [];
        public string Text { get; set; } = "";
        public WikiTarget Link { get; init; }
        public bool IsItem => Kind is BlockKind.Item or BlockKind.LinkItem;
        public bool IsLink => Kind is BlockKind.LinkParagraph or BlockKind.LinkItem;
    }

    private static readonly string[] AllWikiSentences = [.. TextPool.WikiSentences, .. TextPool.Sentences];

    /// <summary>
    /// Every page with all its revisions: version 1 is written to most of the page's length, then every revision
    /// changes one to three blocks (a sentence replaced, a paragraph or list item added, now and then one removed)
    /// until the last revision, which is the page's Markdown. [[links]] are lines of their own that edits leave alone,
    /// so the page's WikiLinks rows match its current text.
    /// </summary>
    private static void InsertWiki(SqliteConnection conn, WikiPlan plan, Person[] people, Random rng)
    {
        using var tx = conn.BeginTransaction();
        using var pageCmd = Insert(conn, tx, "WikiPages", "Id", "SpaceId", "ParentId", "Position", "Title", "NormalizedTitle", "Slug",
            "Markdown", "Html", "PlainText", "Version", "CreatedById", "CreatedAt", "UpdatedById", "UpdatedAt", "SourcePostId");
        using var revisionCmd = Insert(conn, tx, "WikiRevisions", "PageId", "Version", "Title", "Markdown", "Summary", "AuthorId", "CreatedAt");
        using var linkCmd = Insert(conn, tx, "WikiLinks", "SourceKind", "SourceId", "TargetSpaceId", "TargetTitle");
        using var aliasCmd = Insert(conn, tx, "WikiAliases", "SpaceId", "Kind", "Value", "PageId");
        using var watchCmd = Insert(conn, tx, "WikiWatches", "PageId", "UserId", "CreatedAt");
        using var templateCmd = Insert(conn, tx, "WikiTemplates", "SpaceId", "Name", "Markdown", "CreatedById", "CreatedAt");

        var first = Newest.AddYears(-3).AddDays(2);
        var span = Newest.AddDays(-30) - first;
        var blocks = new List<Block>(256);
        var md = new StringBuilder(32 * 1024);
        var linked = new HashSet<(int, string)>();
        var watchers = new HashSet<long>();
        var pageCount = plan.Pages.Length;
        for (var i = 0; i < pageCount; i++)
        {
            var page = plan.Pages[i];
            var id = i + 1L;
            var space = plan.Spaces[page.Space];
            var created = first + span * ((double)i / pageCount);
            var n = page.Revisions;

            // Version 1: most of the final length (a long page is long from the start), then the links.
            blocks.Clear();
            var goal = (int)(page.TargetLength * (page.Big ? 0.88 + rng.NextDouble() * 0.07 : n == 1 ? 1 : 0.5 + rng.NextDouble() * 0.4));
            blocks.Add(Paragraph(rng, 2 + rng.Next(3)));
            var length = BlockLength(blocks[0]);
            while (length < goal)
            {
                var roll = rng.NextDouble();
                if (roll < 0.15)
                {
                    blocks.Add(new Block { Kind = BlockKind.Heading, Text = TextPool.WikiHeadings[rng.Next(TextPool.WikiHeadings.Length)] });
                    blocks.Add(Paragraph(rng, 1 + rng.Next(4)));
                    length += BlockLength(blocks[^1]) + BlockLength(blocks[^2]);
                }
                else if (roll < 0.65)
                {
                    blocks.Add(Paragraph(rng, 2 + rng.Next(4)));
                    length += BlockLength(blocks[^1]);
                }
                else
                {
                    for (var k = 2 + rng.Next(4); k > 0; k--)
                    {
                        blocks.Add(Item(rng));
                        length += BlockLength(blocks[^1]);
                    }
                }
            }
            var links = page.Big ? 6 + rng.Next(9) : page.TargetLength >= 5_000 ? 3 + rng.Next(6) : 1 + rng.Next(4);
            linked.Clear();
            for (var k = 0; k < links; k++)
            {
                var target = plan.PickTarget(rng, page.Space, i, 0.1);
                if (target.Normalized == page.Normalized && target.Space == page.Space || !linked.Add((target.Space, target.Normalized))) continue;
                blocks.Insert(1 + rng.Next(blocks.Count), new Block { Kind = rng.NextDouble() < 0.5 ? BlockKind.LinkParagraph : BlockKind.LinkItem, Link = target });
                Run(linkCmd, (int)WikiLinkSource.Page, id, plan.Spaces[target.Space].Id, target.Normalized);
            }

            // The revisions, each a few edits on the one before.
            var renamedAt = page.OldTitle is null ? 0 : 1 + n / 2;
            var markdown = "";
            DateTime at = created;
            long author = 0, creator = 0;
            for (var v = 1; v <= n; v++)
            {
                if (v > 1)
                {
                    for (var e = 1 + rng.Next(3); e > 0; e--)
                    {
                        Edit(rng, blocks, markdown.Length < page.TargetLength);
                    }
                }
                markdown = Render(blocks, md);
                at = v == 1 ? created : created + (Newest - created) * ((v - 1 + rng.NextDouble() * 0.9) / n);
                author = space.Writers[rng.Next(space.Writers.Length)];
                if (v == 1) creator = author;
                var summary = v == 1 ? "Erste Fassung" : TextPool.WikiSummaries[rng.Next(TextPool.WikiSummaries.Length)];
                Run(revisionCmd, id, v, v < renamedAt ? page.OldTitle : page.Title, markdown, summary, author, Date(at));
            }
            var (html, plain) = RenderHtml(blocks);
            Run(pageCmd, id, space.Id, page.Parent < 0 ? null : page.Parent + 1L, page.Position, page.Title, page.Normalized, page.Slug,
                markdown, html, plain, n, creator, Date(created), author, Date(at), null);

            if (page.OldTitle is not null)
            {
                Run(aliasCmd, space.Id, (int)WikiAliasKind.Title, WikiTitles.Normalize(page.OldTitle), id);
                Run(aliasCmd, space.Id, (int)WikiAliasKind.Slug, page.OldSlug, id);
            }
            if (space.Members.Length > 0 && rng.NextDouble() < 0.25)
            {
                watchers.Clear();
                for (var k = 1 + rng.Next(3); k > 0; k--)
                {
                    watchers.Add(space.Members[rng.Next(space.Members.Length)]);
                }
                foreach (var w in watchers)
                {
                    Run(watchCmd, id, w, Date(created.AddDays(1)));
                }
            }
        }

        // Templates: three for every space (by an organisation admin), one in about half of the spaces.
        var admin = people.First(p => p.Role == Admin).Id;
        string[] names = ["Protokoll", "Checkliste", "Stückinfo"];
        foreach (var name in names)
        {
            Run(templateCmd, null, name, $"## Überblick\n\n\n\n## {name}\n\n- \n- \n\n## Offene Fragen\n\n", admin, Date(first));
        }
        foreach (var space in plan.Spaces)
        {
            if (rng.NextDouble() < 0.5) continue;
            Run(templateCmd, space.Id, "Probenbericht", "## Termine\n\n- \n\n## Besetzung\n\n\n\n## Notizen\n\n", space.Writers[0], Date(first.AddDays(30)));
        }
        tx.Commit();
        Console.WriteLine(Invariant($"    {pageCount:N0} pages in {plan.Spaces.Length} spaces (largest space {plan.BySpace.Max(b => b.Length):N0} pages), {plan.Pages.Sum(p => (long)p.Revisions):N0} revisions, {plan.Pages.Count(p => p.Big):N0} pages of ~20 KB, {plan.Pages.Count(p => p.OldTitle is not null):N0} renamed"));
    }

    private static Block Paragraph(Random rng, int sentences)
    {
        var s = new string[sentences];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = AllWikiSentences[rng.Next(AllWikiSentences.Length)];
        }
        return new Block { Kind = BlockKind.Paragraph, Sentences = s };
    }

    private static Block Item(Random rng) => new() { Kind = BlockKind.Item, Text = TextPool.WikiBullets[rng.Next(TextPool.WikiBullets.Length)] };

    private static int BlockLength(Block b) => b.Kind switch
    {
        BlockKind.Heading => b.Text.Length + 5,
        BlockKind.Paragraph => b.Sentences.Sum(s => s.Length + 1) + 1,
        BlockKind.Item => b.Text.Length + 3,
        _ => b.Link.Markdown.Length + 20,
    };

    /// <summary>One change of a revision: replace a sentence or a list item; add a block (more often while the page is short); remove one.</summary>
    private static void Edit(Random rng, List<Block> blocks, bool grow)
    {
        var roll = rng.NextDouble();
        if (grow ? roll < 0.55 : roll < 0.15)
        {
            var at = 1 + rng.Next(blocks.Count);
            var kind = rng.NextDouble();
            if (kind < 0.6)
            {
                blocks.Insert(at, Paragraph(rng, 1 + rng.Next(3)));
            }
            else if (kind < 0.9)
            {
                blocks.Insert(at, Item(rng));
            }
            else
            {
                blocks.Insert(at, Paragraph(rng, 1 + rng.Next(3)));
                blocks.Insert(at, new Block { Kind = BlockKind.Heading, Text = TextPool.WikiHeadings[rng.Next(TextPool.WikiHeadings.Length)] });
            }
            return;
        }
        for (var tries = 0; tries < 8; tries++)
        {
            var i = 1 + rng.Next(Math.Max(1, blocks.Count - 1));
            if (i >= blocks.Count) break;
            var b = blocks[i];
            if (b.IsLink || b.Kind == BlockKind.Heading) continue;
            if (!grow && roll < 0.25 && blocks.Count > 6)
            {
                blocks.RemoveAt(i);
                return;
            }
            if (b.Kind == BlockKind.Paragraph)
            {
                b.Sentences[rng.Next(b.Sentences.Length)] = AllWikiSentences[rng.Next(AllWikiSentences.Length)];
            }
            else
            {
                b.Text = TextPool.WikiBullets[rng.Next(TextPool.WikiBullets.Length)];
            }
            return;
        }
        blocks.Add(Paragraph(rng, 1 + rng.Next(3)));
    }

    /// <summary>The Markdown of the blocks: list items one per line, every other block a paragraph of its own.</summary>
    private static string Render(List<Block> blocks, StringBuilder md)
    {
        md.Clear();
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            if (i > 0) md.Append(b.IsItem && blocks[i - 1].IsItem ? "\n" : "\n\n");
            switch (b.Kind)
            {
                case BlockKind.Heading: md.Append("## ").Append(b.Text); break;
                case BlockKind.Paragraph: md.AppendJoin(' ', b.Sentences); break;
                case BlockKind.Item: md.Append("- ").Append(b.Text); break;
                case BlockKind.LinkParagraph: md.Append("Mehr dazu unter ").Append(b.Link.Markdown).Append('.'); break;
                default: md.Append("- Siehe auch: ").Append(b.Link.Markdown); break;
            }
        }
        return md.ToString();
    }

    /// <summary>The HTML and plain text the content pipeline stores for the same Markdown.</summary>
    private static (string Html, string Plain) RenderHtml(List<Block> blocks)
    {
        var html = new StringBuilder(40 * 1024);
        var plain = new StringBuilder(32 * 1024);
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            if (b.IsItem && (i == 0 || !blocks[i - 1].IsItem)) html.Append("<ul>\n");
            if (i > 0) plain.Append('\n');
            switch (b.Kind)
            {
                case BlockKind.Heading:
                    html.Append("<h2>").Append(Escape(b.Text)).Append("</h2>\n");
                    plain.Append(b.Text);
                    break;
                case BlockKind.Paragraph:
                    var text = string.Join(' ', b.Sentences);
                    html.Append("<p>").Append(Escape(text)).Append("</p>\n");
                    plain.Append(text);
                    break;
                case BlockKind.Item:
                    html.Append("<li>").Append(Escape(b.Text)).Append("</li>\n");
                    plain.Append(b.Text);
                    break;
                case BlockKind.LinkParagraph:
                    html.Append("<p>Mehr dazu unter ").Append(b.Link.Html).Append(".</p>\n");
                    plain.Append("Mehr dazu unter ").Append(b.Link.Label).Append('.');
                    break;
                default:
                    html.Append("<li>Siehe auch: ").Append(b.Link.Html).Append("</li>\n");
                    plain.Append("Siehe auch: ").Append(b.Link.Label);
                    break;
            }
            if (b.IsItem && (i == blocks.Count - 1 || !blocks[i + 1].IsItem)) html.Append("</ul>\n");
        }
        return (html.ToString(), plain.ToString());
    }
}
