using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Links;

public enum LinkPreviewStatus
{
    /// <summary>Asked for; the fetch is in the outbox.</summary>
    Pending = 0,
    Ready = 1,
    /// <summary>The provider could not be reached or answered nothing usable; the link alone is shown.</summary>
    Failed = 2,
}

/// <summary>
/// What Foyer learned about a link when it was first shown: title, author, thumbnail (stored by Foyer, served by
/// Foyer), duration, canonical address. It outlives the provider: nothing is fetched again once it is ready.
/// </summary>
public class LinkPreview
{
    public const int MaxUrlLength = 2000;

    public long Id { get; set; }
    public string Url { get; set; } = "";
    /// <summary>SHA-256 of the URL, hex: the unique key (URLs are too long to index everywhere).</summary>
    public string UrlHash { get; set; } = "";
    public LinkPreviewStatus Status { get; set; }
    /// <summary>The provider's name when it is a known media provider, or one found by oEmbed discovery (PeerTube).</summary>
    public string? Provider { get; set; }
    public string? Title { get; set; }
    public string? AuthorName { get; set; }
    public string? Description { get; set; }
    public string? SiteName { get; set; }
    public int? DurationSeconds { get; set; }
    public string? CanonicalUrl { get; set; }
    /// <summary>A player found by discovery (a PeerTube instance's /videos/embed/ address), loaded only after consent.</summary>
    public string? PlayerUrl { get; set; }
    public string? ThumbnailKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FetchedAt { get; set; }
    public string? Error { get; set; }
}

public sealed class LinkPreviewConfiguration : IEntityTypeConfiguration<LinkPreview>
{
    public void Configure(EntityTypeBuilder<LinkPreview> builder)
    {
        builder.Property(p => p.Url).HasMaxLength(LinkPreview.MaxUrlLength);
        builder.Property(p => p.UrlHash).HasMaxLength(64);
        builder.HasIndex(p => p.UrlHash).IsUnique();
        builder.Property(p => p.Provider).HasMaxLength(60);
        builder.Property(p => p.Title).HasMaxLength(300);
        builder.Property(p => p.AuthorName).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(500);
        builder.Property(p => p.SiteName).HasMaxLength(100);
        builder.Property(p => p.CanonicalUrl).HasMaxLength(LinkPreview.MaxUrlLength);
        builder.Property(p => p.PlayerUrl).HasMaxLength(LinkPreview.MaxUrlLength);
        builder.Property(p => p.ThumbnailKey).HasMaxLength(100);
        builder.Property(p => p.Error).HasMaxLength(500);
    }
}
