using Foyer.Data;
using Foyer.Data.Spaces;
using Foyer.Data.Wiki;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Infrastructure.Content;

/// <summary>A rendered text and the pages its [[links]] point at, by space id and normalized title.</summary>
public sealed record SpaceContent(RenderedContent Rendered, IReadOnlyList<(long SpaceId, string Title)> LinkTargets);

/// <summary>
/// Renders text written in a space: resolves the people the author may mention (the space's audience only, so a
/// mention never reaches someone who cannot read it) and where each [[link]] leads, then runs the content pipeline.
/// </summary>
public sealed class SpaceContentRenderer(FoyerDbContext db, ContentPipeline pipeline)
{
    /// <summary>Text for the whole organisation (the organisation's blog): the organisation's people may be mentioned.</summary>
    public async Task<SpaceContent> RenderForOrganisationAsync(string markdown)
    {
        var people = db.Users.Where(u => u.DeactivatedAt == null && u.Role != Foyer.Data.Accounts.OrgRole.Guest);
        var mentionable = await MentionableAsync(people, markdown);
        var rendered = pipeline.Render(markdown, new RenderContext { Mentionable = mentionable });
        return new SpaceContent(rendered, []);
    }

    public async Task<SpaceContent> RenderAsync(Space space, string markdown)
    {
        var mentionable = await MentionableAsync(db.Users.AudienceOf(db, space), markdown);

        var (targets, spaceIds) = await ResolveWikiLinksAsync(space, WikiLinkParser.FindCandidates(markdown));
        var rendered = pipeline.Render(markdown, new RenderContext { Mentionable = mentionable, SpaceSlug = space.Slug, WikiTargets = targets });
        var links = rendered.WikiLinks
            .Where(l => spaceIds.ContainsKey(l.SpaceSlug ?? space.Slug))
            .Select(l => (spaceIds[l.SpaceSlug ?? space.Slug], l.NormalizedTitle)).Distinct().ToList();
        return new SpaceContent(rendered, links);
    }

    private static async Task<Dictionary<string, MentionTarget>> MentionableAsync(IQueryable<Foyer.Data.Accounts.User> audience, string markdown)
    {
        var mentionable = new Dictionary<string, MentionTarget>();
        var candidates = ContentPipeline.FindHandleCandidates(markdown);
        if (candidates.Count == 0) return mentionable;
        var found = await audience.Where(u => candidates.Contains(u.Handle))
            .Select(u => new MentionTarget(u.Id, u.Handle, u.DisplayName)).ToListAsync();
        foreach (var target in found) mentionable[target.Handle] = target;
        return mentionable;
    }

    /// <summary>
    /// Links within the space, or into an open space, show whether the page exists. Links into any other space lead
    /// to a resolver that checks the reader's rights on click, so the text reveals nothing about closed or secret spaces.
    /// </summary>
    private async Task<(Dictionary<string, WikiLinkTarget> Targets, Dictionary<string, long> SpaceIds)> ResolveWikiLinksAsync(
        Space space, IReadOnlyList<WikiLinkRef> candidates)
    {
        var targets = new Dictionary<string, WikiLinkTarget>();
        var spaceIds = new Dictionary<string, long> { [space.Slug] = space.Id };
        if (candidates.Count == 0) return (targets, spaceIds);

        var otherSlugs = candidates.Select(c => c.SpaceSlug).OfType<string>().Where(s => s != space.Slug).Distinct().ToList();
        var others = otherSlugs.Count == 0 ? [] : await db.Spaces.AsNoTracking().Where(s => otherSlugs.Contains(s.Slug))
            .Select(s => new { s.Id, s.Slug, s.Visibility }).ToListAsync();
        foreach (var o in others) spaceIds[o.Slug] = o.Id;
        var transparent = others.Where(o => o.Visibility == SpaceVisibility.Open).Select(o => o.Id).Append(space.Id).ToHashSet();

        var lookups = candidates.Select(c => (Slug: c.SpaceSlug ?? space.Slug, c.Title, Normalized: c.NormalizedTitle)).Distinct().ToList();
        var wanted = lookups.Where(l => spaceIds.TryGetValue(l.Slug, out var id) && transparent.Contains(id)).ToList();
        var wantedSpaces = wanted.Select(w => spaceIds[w.Slug]).Distinct().ToList();
        var wantedTitles = wanted.Select(w => w.Normalized).Distinct().ToList();
        var pages = wanted.Count == 0 ? [] : await db.WikiPages.AsNoTracking()
            .Where(p => wantedSpaces.Contains(p.SpaceId) && wantedTitles.Contains(p.NormalizedTitle))
            .Select(p => new { p.SpaceId, Title = p.NormalizedTitle, p.Slug }).ToListAsync();
        var aliases = wanted.Count == 0 ? [] : await db.WikiAliases.AsNoTracking()
            .Where(a => a.Kind == WikiAliasKind.Title && wantedSpaces.Contains(a.SpaceId) && wantedTitles.Contains(a.Value))
            .Join(db.WikiPages, a => a.PageId, p => p.Id, (a, p) => new { a.SpaceId, Title = a.Value, p.Slug }).ToListAsync();

        foreach (var (slug, title, normalized) in lookups)
        {
            var key = WikiTitles.Key(slug, normalized);
            if (!spaceIds.TryGetValue(slug, out var spaceId) || !transparent.Contains(spaceId))
            {
                targets[key] = new WikiLinkTarget($"/spaces/{slug}/wiki/by-title?title={Uri.EscapeDataString(title)}", Missing: false);
                continue;
            }
            var page = pages.FirstOrDefault(p => p.SpaceId == spaceId && p.Title == normalized)?.Slug
                ?? aliases.FirstOrDefault(a => a.SpaceId == spaceId && a.Title == normalized)?.Slug;
            targets[key] = page is not null
                ? new WikiLinkTarget($"/spaces/{slug}/wiki/{page}", Missing: false)
                : new WikiLinkTarget($"/spaces/{slug}/wiki/new?title={Uri.EscapeDataString(title)}", Missing: true);
        }
        return (targets, spaceIds);
    }
}
