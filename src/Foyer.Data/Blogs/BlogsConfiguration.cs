using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Blogs;

internal sealed class BlogConfiguration : IEntityTypeConfiguration<Blog>
{
    public void Configure(EntityTypeBuilder<Blog> b)
    {
        b.Property(x => x.Title).HasMaxLength(120).IsRequired();
        b.Property(x => x.Description).HasMaxLength(500);
        b.HasIndex(x => x.SpaceId).IsUnique();
        b.HasOne(x => x.Space).WithMany().HasForeignKey(x => x.SpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BlogCategoryConfiguration : IEntityTypeConfiguration<BlogCategory>
{
    public void Configure(EntityTypeBuilder<BlogCategory> b)
    {
        b.Property(x => x.Name).HasMaxLength(BlogCategory.MaxNameLength).IsRequired();
        b.Property(x => x.Slug).HasMaxLength(BlogCategory.MaxNameLength + 10).IsRequired();
        b.HasIndex(x => new { x.BlogId, x.Slug }).IsUnique();
        b.HasOne<Blog>().WithMany().HasForeignKey(x => x.BlogId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> b)
    {
        b.Property(x => x.Title).HasMaxLength(Article.MaxTitleLength).IsRequired();
        b.Property(x => x.Slug).HasMaxLength(Article.MaxTitleLength + 10).IsRequired();
        b.Property(x => x.Excerpt).HasMaxLength(Article.MaxExcerptLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.BlogId, x.Slug }).IsUnique();
        // Front pages and feeds: published articles of a blog, newest first.
        b.HasIndex(x => new { x.BlogId, x.Status, x.PublishAt });
        b.HasIndex(x => new { x.Audience, x.Status, x.PublishAt });
        b.HasOne(x => x.Blog).WithMany().HasForeignKey(x => x.BlogId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Author).WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArticleCategoryConfiguration : IEntityTypeConfiguration<ArticleCategory>
{
    public void Configure(EntityTypeBuilder<ArticleCategory> b)
    {
        b.HasKey(x => new { x.ArticleId, x.CategoryId });
        b.HasIndex(x => new { x.CategoryId, x.ArticleId });
        b.HasOne<Article>().WithMany(a => a.Categories).HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Category).WithMany().HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleTagConfiguration : IEntityTypeConfiguration<ArticleTag>
{
    public void Configure(EntityTypeBuilder<ArticleTag> b)
    {
        b.HasKey(x => new { x.ArticleId, x.TagId });
        b.HasIndex(x => new { x.TagId, x.ArticleId });
        b.HasOne<Article>().WithMany(a => a.Tags).HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Tag).WithMany().HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleAudienceChangeConfiguration : IEntityTypeConfiguration<ArticleAudienceChange>
{
    public void Configure(EntityTypeBuilder<ArticleAudienceChange> b)
    {
        b.HasIndex(x => new { x.ArticleId, x.CreatedAt });
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ActorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArticleCommentConfiguration : IEntityTypeConfiguration<ArticleComment>
{
    public void Configure(EntityTypeBuilder<ArticleComment> b)
    {
        b.Property(x => x.GuestName).HasMaxLength(ArticleComment.MaxNameLength);
        b.Property(x => x.GuestEmail).HasMaxLength(ArticleComment.MaxEmailLength);
        b.Property(x => x.GuestWebsite).HasMaxLength(ArticleComment.MaxWebsiteLength);
        b.Property(x => x.ModerationReasons).HasMaxLength(500);
        b.Property(x => x.RemoteNetwork).HasMaxLength(64);
        b.HasIndex(x => new { x.ArticleId, x.Number }).IsUnique();
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        b.HasOne(x => x.Article).WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Author).WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ArticleComment>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
