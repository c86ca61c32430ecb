using Foyer.Data.Accounts;
using Foyer.Data.Blogs;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foyer.Data.Notifications;

public enum NotificationKind
{
    Mentioned = 0,
    /// <summary>Someone answered one of my comments.</summary>
    Replied = 1,
    CommentedOnYourPost = 2,
    Reacted = 3,
    AddedToSpace = 4,
    /// <summary>For space admins: someone asks to join a closed space.</summary>
    JoinRequest = 5,
    WatchedPageChanged = 6,
    /// <summary>For a blog's editors: a comment waits for moderation.</summary>
    CommentHeld = 7,
    /// <summary>A new post in a space the person follows.</summary>
    NewPost = 8,
    /// <summary>A new comment in a thread the person follows.</summary>
    NewComment = 9,
}

/// <summary>
/// Something a person should know about. It points at what it is about (post, comment, page, space, article) and is
/// shown only while the person may still read that: the audience filter decides at reading time, not at creation.
/// </summary>
public class Notification
{
    public long Id { get; set; }
    public long RecipientId { get; set; }
    public NotificationKind Kind { get; set; }
    public long? ActorId { get; set; }
    public long? SpaceId { get; set; }
    public long? PostId { get; set; }
    public long? CommentId { get; set; }
    public long? WikiPageId { get; set; }
    public long? ArticleId { get; set; }
    public long? ArticleCommentId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    /// <summary>When it went out by mail (alone, in a batch or in a digest); null while it waits or was never mailed.</summary>
    public DateTime? MailedAt { get; set; }

    public User? Recipient { get; set; }
    public User? Actor { get; set; }
    public Space? Space { get; set; }
    public Post? Post { get; set; }
    public Comment? Comment { get; set; }
    public WikiPage? WikiPage { get; set; }
    public Article? Article { get; set; }
    public ArticleComment? ArticleComment { get; set; }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.HasIndex(n => new { n.RecipientId, n.ReadAt, n.Id });
        builder.HasIndex(n => new { n.RecipientId, n.Id });
        builder.HasIndex(n => new { n.RecipientId, n.MailedAt });
        builder.HasOne(n => n.Recipient).WithMany().HasForeignKey(n => n.RecipientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.Actor).WithMany().HasForeignKey(n => n.ActorId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(n => n.Space).WithMany().HasForeignKey(n => n.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.Post).WithMany().HasForeignKey(n => n.PostId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.Comment).WithMany().HasForeignKey(n => n.CommentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.WikiPage).WithMany().HasForeignKey(n => n.WikiPageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.Article).WithMany().HasForeignKey(n => n.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.ArticleComment).WithMany().HasForeignKey(n => n.ArticleCommentId).OnDelete(DeleteBehavior.Cascade);
    }
}
