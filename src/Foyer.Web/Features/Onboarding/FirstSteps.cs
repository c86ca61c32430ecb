using System.Collections.Concurrent;
using Foyer.Data;
using Foyer.Data.Spaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Onboarding;

/// <summary>Where a newcomer stands with the first steps; read in one query, only while the tour or a tip is still showing.</summary>
public sealed record FirstStepsState(bool Profile, bool Joined, bool Posted, bool Reacted, bool FoundWiki, bool Mentioned, string? SandboxSlug, bool TourDismissed,
    string DismissedTips)
{
    public int Done => new[] { Profile, Joined, Posted, Reacted, FoundWiki }.Count(x => x);
    public const int Total = 5;
    public bool ShowsTour => !TourDismissed;
    public bool ShowsTip(string key) => !$" {DismissedTips} ".Contains($" {key} ", StringComparison.Ordinal);
}

/// <summary>People known to have found the wiki already, so a wiki view does not write (or even ask) again. One per app.</summary>
public sealed class WikiFoundMemory
{
    private readonly ConcurrentDictionary<long, bool> _found = new();

    public bool Knows(long userId) => _found.ContainsKey(userId);

    public void Remember(long userId) => _found[userId] = true;

    /// <summary>A restarted tour asks the wiki step again.</summary>
    public void Forget(long userId) => _found.TryRemove(userId, out _);
}

public static class FirstSteps
{
    public static readonly string[] Tips = ["mention", "wiki"];

    public static Task<FirstStepsState?> LoadAsync(FoyerDbContext db, long userId) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new FirstStepsState(
            u.Bio != "",
            db.SpaceMemberships.Any(m => m.UserId == userId && !m.Space!.IsSandbox),
            db.Posts.Any(p => p.AuthorId == userId && p.Kind == Data.Stream.PostKind.Regular),
            db.Reactions.Any(r => r.UserId == userId),
            u.WikiFoundAt != null,
            db.Mentions.Any(m => m.CommentId == null ? db.Posts.Any(p => p.Id == m.PostId && p.AuthorId == userId) : db.Comments.Any(c => c.Id == m.CommentId && c.AuthorId == userId)),
            db.Spaces.Where(s => s.IsSandbox && s.Members.Any(m => m.UserId == userId)).Select(s => s.Slug).FirstOrDefault(),
            u.TourDismissedAt != null,
            u.DismissedTips)).FirstOrDefaultAsync();

    /// <summary>Records that the person opened a wiki page; true only the first time (then the page shows its tip).</summary>
    public static async Task<bool> WikiFoundAsync(FoyerDbContext db, WikiFoundMemory memory, long userId, DateTime now)
    {
        if (userId == 0 || memory.Knows(userId)) return false;
        var first = await db.Users.Where(u => u.Id == userId && u.WikiFoundAt == null).ExecuteUpdateAsync(s => s.SetProperty(u => u.WikiFoundAt, now)) == 1;
        memory.Remember(userId);
        return first;
    }

    /// <summary>Texts a first post can start from ("Introduce yourself"); the key comes from the link the person followed.</summary>
    public static string? Template(string? key, IStringLocalizer t) => key switch
    {
        "introduce" => t["Hello everyone! I am … and I work as … in …. You can ask me about …. Something you may not know about me: …"].Value,
        "question" => t["Does anyone know …? I need it for …. Thank you!"].Value,
        "thanks" => t["A big thank you to @… for …!"].Value,
        _ => null,
    };
}
