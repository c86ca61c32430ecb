using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Data.Wiki;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Stream;

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> b)
    {
        b.Property(p => p.Markdown).IsRequired();
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasOne(p => p.Space).WithMany().HasForeignKey(p => p.SpaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.WikiPage).WithMany().HasForeignKey(p => p.WikiPageId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(p => p.WikiPageId);
        // Keyset pagination: every stream reads "newest first, Id below the cursor".
        b.HasIndex(p => new { p.SpaceId, p.Id });
        b.HasIndex(p => new { p.AuthorId, p.Id });
        b.HasIndex(p => p.DeletedAt);
    }
}

internal sealed class PostRevisionConfiguration : IEntityTypeConfiguration<PostRevision>
{
    public void Configure(EntityTypeBuilder<PostRevision> b)
    {
        b.HasIndex(r => new { r.PostId, r.Version }).IsUnique();
        b.HasOne<Post>().WithMany().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.EditorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> b)
    {
        b.Property(c => c.Markdown).IsRequired();
        b.HasIndex(c => new { c.PostId, c.Number }).IsUnique();
        b.HasIndex(c => new { c.AuthorId, c.Id });
        b.HasOne(c => c.Post).WithMany().HasForeignKey(c => c.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.Property(t => t.Name).HasMaxLength(Tag.MaxNameLength).IsRequired();
        b.HasIndex(t => t.Name).IsUnique();
    }
}

internal sealed class PostTagConfiguration : IEntityTypeConfiguration<PostTag>
{
    public void Configure(EntityTypeBuilder<PostTag> b)
    {
        b.HasKey(pt => new { pt.PostId, pt.TagId });
        b.HasIndex(pt => new { pt.TagId, pt.PostId });
        b.HasOne(pt => pt.Post).WithMany(p => p.Tags).HasForeignKey(pt => pt.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(pt => pt.Tag).WithMany().HasForeignKey(pt => pt.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MentionConfiguration : IEntityTypeConfiguration<Mention>
{
    public void Configure(EntityTypeBuilder<Mention> b)
    {
        b.HasIndex(m => new { m.UserId, m.PostId });
        b.HasIndex(m => new { m.PostId, m.CommentId });
        b.HasOne<Post>().WithMany().HasForeignKey(m => m.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Comment>().WithMany().HasForeignKey(m => m.CommentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReactionConfiguration : IEntityTypeConfiguration<Reaction>
{
    public void Configure(EntityTypeBuilder<Reaction> b)
    {
        b.Property(r => r.Kind).HasMaxLength(20);
        b.HasIndex(r => new { r.TargetType, r.TargetId, r.UserId, r.Kind }).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
