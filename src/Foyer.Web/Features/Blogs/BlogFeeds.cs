using System.ServiceModel.Syndication;
using System.Xml;
using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Web.Infrastructure.Content;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

/// <summary>
/// RSS 2.0 and Atom feeds of a blog, a category or a tag. Feeds are for the public web: they contain public articles
/// only, whoever asks, and never a comment author's e-mail address.
/// </summary>
public static class BlogFeeds
{
    public static IEndpointRouteBuilder MapBlogFeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet("/blog/feed/{format}", (string format, string? category, string? tag, HttpContext context, FoyerDbContext db,
            OrganisationState org, TimeProvider time) => WriteAsync(context, db, org, time, null, format, category, tag)).AllowAnonymous();
        app.MapGet("/spaces/{slug}/blog/feed/{format}", (string slug, string format, string? category, string? tag, HttpContext context,
            FoyerDbContext db, OrganisationState org, TimeProvider time) => WriteAsync(context, db, org, time, slug, format, category, tag)).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> WriteAsync(HttpContext context, FoyerDbContext db, OrganisationState org, TimeProvider time,
        string? spaceSlug, string format, string? category, string? tag)
    {
        if (format is not ("rss" or "atom")) return Results.NotFound();
        long? spaceId = null;
        if (spaceSlug is not null)
        {
            spaceId = await db.Spaces.Where(s => s.Slug == spaceSlug).Select(s => (long?)s.Id).FirstOrDefaultAsync();
            if (spaceId is null) return Results.NotFound();
        }
        var blog = await db.Blogs.AsNoTracking().FirstOrDefaultAsync(b => b.SpaceId == spaceId);
        if (blog is null) return Results.NotFound();
        var now = time.GetUtcNow().UtcDateTime;
        var articles = db.Articles.AsNoTracking().PublicOnly(now).Where(a => a.BlogId == blog.Id);
        // A space's blog has a feed only once something in it is public: the address reveals nothing before.
        if (spaceId is not null && !await articles.AnyAsync()) return Results.NotFound();
        var title = blog.Title;
        if (category is not null)
        {
            var c = await db.BlogCategories.AsNoTracking().FirstOrDefaultAsync(x => x.BlogId == blog.Id && x.Slug == category);
            if (c is null) return Results.NotFound();
            articles = articles.Where(a => a.Categories.Any(x => x.CategoryId == c.Id));
            title = $"{blog.Title}: {c.Name}";
        }
        if (tag is not null)
        {
            var t = TagNames.Normalize(tag);
            if (t is null) return Results.NotFound();
            articles = articles.Where(a => a.Tags.Any(x => x.Tag!.Name == t));
            title = $"{blog.Title}: #{t}";
        }
        var items = await articles.OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id).Take(30)
            .Select(a => new { a.Slug, a.Title, a.Excerpt, a.Html, a.PublishAt, a.UpdatedAt, Author = a.Author!.DisplayName }).ToListAsync();

        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
        var path = spaceSlug is null ? "/blog" : $"/spaces/{spaceSlug}/blog";
        var feed = new SyndicationFeed(title, blog.Description.Length > 0 ? blog.Description : org.Name, new Uri(baseUrl + path))
        {
            Id = baseUrl + path,
            LastUpdatedTime = items.Count > 0 ? new DateTimeOffset(items.Max(i => i.UpdatedAt), TimeSpan.Zero) : new DateTimeOffset(now, TimeSpan.Zero),
            Items = items.Select(i =>
            {
                var link = new Uri($"{baseUrl}{path}/{i.Slug}");
                var item = new SyndicationItem(i.Title, SyndicationContent.CreateHtmlContent(i.Html), link, link.ToString(),
                    new DateTimeOffset(i.UpdatedAt, TimeSpan.Zero))
                {
                    PublishDate = new DateTimeOffset(i.PublishAt ?? i.UpdatedAt, TimeSpan.Zero),
                    Summary = new TextSyndicationContent(i.Excerpt),
                };
                // A name only: feeds never carry e-mail addresses.
                item.Authors.Add(new SyndicationPerson { Name = i.Author });
                return item;
            }).ToList(),
        };
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(baseUrl + context.Request.Path + context.Request.QueryString)));

        using var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new System.Text.UTF8Encoding(false), Indent = true }))
        {
            if (format == "rss") new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(writer);
            else new Atom10FeedFormatter(feed).WriteTo(writer);
            await writer.FlushAsync();
        }
        return Results.Bytes(buffer.ToArray(), format == "rss" ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8");
    }
}
