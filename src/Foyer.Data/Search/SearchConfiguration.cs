using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Search;

public sealed class SearchDocumentConfiguration : IEntityTypeConfiguration<SearchDocument>
{
    public void Configure(EntityTypeBuilder<SearchDocument> builder)
    {
        builder.ToTable("SearchDocuments");
        builder.HasIndex(d => new { d.Kind, d.SourceId }).IsUnique();
        builder.HasIndex(d => d.SpaceId);
        builder.HasIndex(d => d.ThreadId);
        builder.Property(d => d.Title).HasMaxLength(500);
        builder.Property(d => d.Path).HasMaxLength(1000);
        builder.Property(d => d.Body).HasMaxLength(SearchDocument.MaxBodyLength);
    }
}

public sealed class SearchTermConfiguration : IEntityTypeConfiguration<SearchTerm>
{
    public void Configure(EntityTypeBuilder<SearchTerm> builder)
    {
        builder.ToTable("SearchTerms");
        builder.HasIndex(t => t.Term).IsUnique();
        builder.Property(t => t.Term).HasMaxLength(100);
        builder.Property(t => t.Word).HasMaxLength(100);
        builder.Property(t => t.Folded).HasMaxLength(100);
    }
}
