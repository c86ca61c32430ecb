using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Blogs;

internal sealed class SpamTokenConfiguration : IEntityTypeConfiguration<SpamToken>
{
    public void Configure(EntityTypeBuilder<SpamToken> b)
    {
        b.HasKey(t => t.Token);
        b.Property(t => t.Token).HasMaxLength(SpamToken.MaxTokenLength);
    }
}

internal sealed class SpamModelCountsConfiguration : IEntityTypeConfiguration<SpamModelCounts>
{
    public void Configure(EntityTypeBuilder<SpamModelCounts> b)
    {
        b.ToTable("SpamModelCounts");
        b.Property(c => c.Id).ValueGeneratedNever();
    }
}
