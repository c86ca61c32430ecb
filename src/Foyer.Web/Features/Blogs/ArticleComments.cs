using System.Text.RegularExpressions;
using Foyer.Data;
using Foyer.Data.Blogs;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs;

public static partial class ArticleComments
{
    /// <summary>Publishes a comment with the next number of its article; two at the same moment make one try again.</summary>
    public static async Task PublishAsync(FoyerDbContext db, ArticleComment comment)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            try
            {
                comment.Number = (await db.ArticleComments.Where(c => c.ArticleId == comment.ArticleId).MaxAsync(c => c.Number) ?? 0) + 1;
                comment.Status = CommentStatus.Published;
                if (comment.Id == 0) db.ArticleComments.Add(comment);
                else db.ArticleComments.Update(comment);
                await db.SaveChangesAsync();
                await db.Articles.Where(a => a.Id == comment.ArticleId).ExecuteUpdateAsync(s => s.SetProperty(a => a.CommentCount, a => a.CommentCount + 1));
                await tx.CommitAsync();
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                await tx.RollbackAsync();
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>"@Michael: genau so ..." → "Michael": the name a comment starts by answering, as in the seed's thread.</summary>
    public static string? LeadingName(string markdown)
    {
        var match = Leading().Match(markdown);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^@([\p{L}\p{N}_.\-]{2,40})")]
    private static partial Regex Leading();
}
