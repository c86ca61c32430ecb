using Foyer.Web.Features.Blogs.Spam;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Foyer.Web.Features.Blogs;

public static class BlogsSetup
{
    private static readonly string[] PublicPages = ["/Blogs/Front", "/Blogs/Article", "/Blogs/Archive"];

    public static WebApplicationBuilder AddBlogs(this WebApplicationBuilder builder)
    {
        // Every blog page lives at /blog/... for the organisation and at /spaces/{slug}/blog/... for a space.
        builder.Services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AddPageRoute("/Blogs/Front", "/spaces/{slug}/blog");
            o.Conventions.AddPageRoute("/Blogs/Article", "/spaces/{slug}/blog/{article}");
            o.Conventions.AddPageRoute("/Blogs/Write", "/spaces/{slug}/blog/write/{id:long?}");
            o.Conventions.AddPageRoute("/Blogs/Archive", "/spaces/{slug}/blog/{kind:regex(^(category|tag)$)}/{name}");
            o.Conventions.AddPageRoute("/Blogs/Categories", "/spaces/{slug}/blog/categories");
            o.Conventions.AddPageRoute("/Blogs/Moderation", "/spaces/{slug}/blog/moderation");
            o.Conventions.AddPageRoute("/Blogs/EditComment", "/spaces/{slug}/blog/{article}/comments/{id:long}/edit");
            foreach (var page in PublicPages)
            {
                // Public articles are read without an account; each page still answers only what the audience filter allows.
                o.Conventions.AllowAnonymousToPage(page);
            }
        });
        builder.Services.AddScoped<ArticleWriter>();
        builder.Services.AddScoped<CommentIntake>();
        builder.Services.AddScoped<CommentRenderer>();
        builder.AddSpamFilter();
        return builder;
    }
}
