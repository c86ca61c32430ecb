using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Insights;

public enum MailArrivalKind
{
    Post = 0,
    Comment = 1,
    WikiPage = 2,
}

/// <summary>A mail that became content (a post, a reply, a wiki page from a thread): what insights count as "mail moved into Foyer".</summary>
public class MailArrival
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public long SpaceId { get; set; }
    /// <summary>Who sent it, for the "at least 5 people" rule of insights; removed with the account.</summary>
    public long? UserId { get; set; }
    public MailArrivalKind Kind { get; set; }
    /// <summary>How many mails the thread held (a forwarded thread), else 1.</summary>
    public int Mails { get; set; } = 1;
}

/// <summary>
/// Wiki page views by people other than the page's creator, counted per space and day without saying who viewed:
/// "knowledge found again". No per-person row exists, on purpose.
/// </summary>
public class WikiViewTally
{
    public long SpaceId { get; set; }
    public DateOnly Day { get; set; }
    public int Views { get; set; }
}

internal sealed class MailArrivalConfiguration : IEntityTypeConfiguration<MailArrival>
{
    public void Configure(EntityTypeBuilder<MailArrival> b)
    {
        b.HasIndex(m => m.At);
        b.HasIndex(m => m.UserId);
        b.HasOne<Spaces.Space>().WithMany().HasForeignKey(m => m.SpaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class WikiViewTallyConfiguration : IEntityTypeConfiguration<WikiViewTally>
{
    public void Configure(EntityTypeBuilder<WikiViewTally> b)
    {
        b.HasKey(t => new { t.SpaceId, t.Day });
        b.HasIndex(t => t.Day);
        b.HasOne<Spaces.Space>().WithMany().HasForeignKey(t => t.SpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
