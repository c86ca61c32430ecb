using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Accounts;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Property(u => u.Handle).HasMaxLength(User.MaxHandleLength).IsRequired();
        b.HasIndex(u => u.Handle).IsUnique();
        b.Property(u => u.DisplayName).HasMaxLength(User.MaxDisplayNameLength).IsRequired();
        b.Property(u => u.Bio).HasMaxLength(User.MaxBioLength);
        b.Property(u => u.Language).HasMaxLength(8);
        b.Property(u => u.AutoLoadEmbeds).HasMaxLength(200);
        b.HasIndex(u => u.DisplayName);
        b.Property(u => u.DismissedTips).HasMaxLength(200);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.Property(i => i.TokenHash).HasMaxLength(32);
        b.Property(i => i.Email).HasMaxLength(256);
    }
}
