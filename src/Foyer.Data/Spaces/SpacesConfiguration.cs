using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Spaces;

internal sealed class SpaceConfiguration : IEntityTypeConfiguration<Space>
{
    public void Configure(EntityTypeBuilder<Space> b)
    {
        b.Property(s => s.Name).HasMaxLength(Space.MaxNameLength).IsRequired();
        b.Property(s => s.NormalizedName).HasMaxLength(Space.MaxNameLength).IsRequired();
        b.Property(s => s.Slug).HasMaxLength(Space.MaxNameLength + 10).IsRequired();
        b.Property(s => s.Description).HasMaxLength(Space.MaxDescriptionLength);
        b.HasIndex(s => s.Slug).IsUnique();
        // Not unique: a secret space's name must not block, and so reveal itself to, someone creating a space.
        b.HasIndex(s => s.NormalizedName);
        b.HasIndex(s => s.Visibility);
        // One sandbox per organisation ("IsSandbox" alone is a valid filter for SQLite and PostgreSQL alike).
        b.HasIndex(s => s.IsSandbox).IsUnique().HasFilter("\"IsSandbox\"").HasDatabaseName("IX_Spaces_Sandbox");
    }
}

internal sealed class SpaceMembershipConfiguration : IEntityTypeConfiguration<SpaceMembership>
{
    public void Configure(EntityTypeBuilder<SpaceMembership> b)
    {
        b.HasKey(m => new { m.SpaceId, m.UserId });
        // "Which spaces is this person in?" is asked on every request by the audience filter.
        b.HasIndex(m => new { m.UserId, m.SpaceId });
        b.HasOne(m => m.Space).WithMany(s => s.Members).HasForeignKey(m => m.SpaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpaceJoinRequestConfiguration : IEntityTypeConfiguration<SpaceJoinRequest>
{
    public void Configure(EntityTypeBuilder<SpaceJoinRequest> b)
    {
        b.HasIndex(r => new { r.SpaceId, r.UserId }).IsUnique();
        b.Property(r => r.Message).HasMaxLength(500);
        b.HasOne(r => r.Space).WithMany().HasForeignKey(r => r.SpaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
