using Foyer.Data.Accounts;
using Foyer.Data.Blogs;
using Foyer.Data.Organisation;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Data;

public class FoyerDbContext(DbContextOptions<FoyerDbContext> options)
    : IdentityDbContext<User, IdentityRole<long>, long>(options)
{
    public DbSet<OrganisationSettings> Organisation => Set<OrganisationSettings>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<Space> Spaces => Set<Space>();
    public DbSet<SpaceMembership> SpaceMemberships => Set<SpaceMembership>();
    public DbSet<SpaceJoinRequest> SpaceJoinRequests => Set<SpaceJoinRequest>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<PostRevision> PostRevisions => Set<PostRevision>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<PostTag> PostTags => Set<PostTag>();
    public DbSet<Mention> Mentions => Set<Mention>();
    public DbSet<Reaction> Reactions => Set<Reaction>();
    public DbSet<WikiPage> WikiPages => Set<WikiPage>();
    public DbSet<WikiRevision> WikiRevisions => Set<WikiRevision>();
    public DbSet<WikiAlias> WikiAliases => Set<WikiAlias>();
    public DbSet<WikiLink> WikiLinks => Set<WikiLink>();
    public DbSet<WikiTemplate> WikiTemplates => Set<WikiTemplate>();
    public DbSet<WikiWatch> WikiWatches => Set<WikiWatch>();
    public DbSet<SpamToken> SpamTokens => Set<SpamToken>();
    public DbSet<SpamModelCounts> SpamModelCounts => Set<SpamModelCounts>();
    public DbSet<Blog> Blogs => Set<Blog>();
    public DbSet<BlogCategory> BlogCategories => Set<BlogCategory>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleCategory> ArticleCategories => Set<ArticleCategory>();
    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();
    public DbSet<ArticleAudienceChange> ArticleAudienceChanges => Set<ArticleAudienceChange>();
    public DbSet<ArticleComment> ArticleComments => Set<ArticleComment>();
    public DbSet<Files.StoredFile> Files => Set<Files.StoredFile>();
    public DbSet<Links.LinkPreview> LinkPreviews => Set<Links.LinkPreview>();
    public DbSet<Outbox.OutboxMessage> Outbox => Set<Outbox.OutboxMessage>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Mail.Subscription> Subscriptions => Set<Mail.Subscription>();
    public DbSet<Mail.OutgoingMail> OutgoingMails => Set<Mail.OutgoingMail>();
    public DbSet<Search.SearchDocument> SearchDocuments => Set<Search.SearchDocument>();
    public DbSet<Search.SearchTerm> SearchTerms => Set<Search.SearchTerm>();
    public DbSet<Privacy.AuditEntry> AuditEntries => Set<Privacy.AuditEntry>();
    public DbSet<Privacy.DataExport> DataExports => Set<Privacy.DataExport>();
    public DbSet<Privacy.RetentionRule> RetentionRules => Set<Privacy.RetentionRule>();
    public DbSet<Insights.MailArrival> MailArrivals => Set<Insights.MailArrival>();
    public DbSet<Insights.WikiViewTally> WikiViewTallies => Set<Insights.WikiViewTally>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAuditLog();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAuditLog();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The audit log is append-only: an entry is never changed or removed through the model (retention deletes in bulk).</summary>
    private void GuardAuditLog()
    {
        foreach (var entry in ChangeTracker.Entries<Privacy.AuditEntry>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The audit log is append-only: entries cannot be changed or removed.");
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FoyerDbContext).Assembly);
    }
}
