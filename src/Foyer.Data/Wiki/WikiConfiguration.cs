using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Wiki;

internal sealed class WikiPageConfiguration : IEntityTypeConfiguration<WikiPage>
{
    public void Configure(EntityTypeBuilder<WikiPage> b)
    {
        b.Property(p => p.Title).HasMaxLength(WikiPage.MaxTitleLength).IsRequired();
        b.Property(p => p.NormalizedTitle).HasMaxLength(WikiPage.MaxTitleLength).IsRequired();
        b.Property(p => p.Slug).HasMaxLength(WikiPage.MaxTitleLength + 10).IsRequired();
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.SpaceId, p.Slug }).IsUnique();
        b.HasIndex(p => new { p.SpaceId, p.NormalizedTitle }).IsUnique();
        b.HasIndex(p => new { p.SpaceId, p.ParentId, p.Position });
        b.HasIndex(p => p.SourcePostId);
        b.HasOne(p => p.Space).WithMany().HasForeignKey(p => p.SpaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WikiPage>().WithMany().HasForeignKey(p => p.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.UpdatedBy).WithMany().HasForeignKey(p => p.UpdatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(p => p.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Post>().WithMany().HasForeignKey(p => p.SourcePostId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class WikiRevisionConfiguration : IEntityTypeConfiguration<WikiRevision>
{
    public void Configure(EntityTypeBuilder<WikiRevision> b)
    {
        b.Property(r => r.Title).HasMaxLength(WikiPage.MaxTitleLength).IsRequired();
        b.Property(r => r.Summary).HasMaxLength(300);
        b.HasIndex(r => new { r.PageId, r.Version }).IsUnique();
        b.HasOne<WikiPage>().WithMany().HasForeignKey(r => r.PageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.Author).WithMany().HasForeignKey(r => r.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WikiAliasConfiguration : IEntityTypeConfiguration<WikiAlias>
{
    public void Configure(EntityTypeBuilder<WikiAlias> b)
    {
        b.Property(a => a.Value).HasMaxLength(WikiPage.MaxTitleLength + 10).IsRequired();
        b.HasIndex(a => new { a.SpaceId, a.Kind, a.Value }).IsUnique();
        b.HasIndex(a => a.PageId);
        b.HasOne<Space>().WithMany().HasForeignKey(a => a.SpaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WikiPage>().WithMany().HasForeignKey(a => a.PageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WikiLinkConfiguration : IEntityTypeConfiguration<WikiLink>
{
    public void Configure(EntityTypeBuilder<WikiLink> b)
    {
        b.Property(l => l.TargetTitle).HasMaxLength(WikiPage.MaxTitleLength).IsRequired();
        // Covering: "what links here" reads the sources from the index alone.
        b.HasIndex(l => new { l.TargetSpaceId, l.TargetTitle, l.SourceKind, l.SourceId });
        b.HasIndex(l => new { l.SourceKind, l.SourceId });
        b.HasOne<Space>().WithMany().HasForeignKey(l => l.TargetSpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WikiTemplateConfiguration : IEntityTypeConfiguration<WikiTemplate>
{
    public void Configure(EntityTypeBuilder<WikiTemplate> b)
    {
        b.Property(t => t.Name).HasMaxLength(WikiTemplate.MaxNameLength).IsRequired();
        b.HasIndex(t => t.SpaceId);
        b.HasOne<Space>().WithMany().HasForeignKey(t => t.SpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WikiWatchConfiguration : IEntityTypeConfiguration<WikiWatch>
{
    public void Configure(EntityTypeBuilder<WikiWatch> b)
    {
        b.HasKey(w => new { w.PageId, w.UserId });
        b.HasIndex(w => w.UserId);
        b.HasOne<WikiPage>().WithMany().HasForeignKey(w => w.PageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(w => w.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
