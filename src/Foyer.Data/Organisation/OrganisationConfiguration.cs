using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Organisation;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<OrganisationSettings>
{
    public void Configure(EntityTypeBuilder<OrganisationSettings> b)
    {
        b.ToTable("Organisation");
        b.Property(o => o.Id).ValueGeneratedNever();
        b.Property(o => o.Name).HasMaxLength(120).IsRequired();
        b.Property(o => o.DefaultLanguage).HasMaxLength(8);
        b.Property(o => o.MailSecret).HasMaxLength(100);
        b.Property(o => o.Currency).HasMaxLength(3);
        b.Property(o => o.HourlyCost).HasPrecision(10, 2);
        b.Property(o => o.WorksAgreementReference).HasMaxLength(200);
    }
}
