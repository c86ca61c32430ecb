using System.Globalization;
using Foyer.Data;
using Foyer.Data.Stream;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Insights;

/// <summary>Figures of one group (a week, a space, the organisation); null means "fewer than 5 people", never shown.</summary>
public sealed record InsightFigures(int? ActivePeople, int Posts, int Comments, int WikiEdits, int MailsMovedIn, int QuestionsAnswered, int WikiViewsByOthers)
{
    public int MailsAvoided => Posts + Comments + WikiEdits;
}

public sealed record InsightRow(string Label, string? Href, long? SpaceId, InsightFigures? Figures);

public sealed record InsightReport(DateOnly From, DateOnly To, InsightFigures? Total, List<InsightRow> Weeks, List<InsightRow> Spaces, int SuppressedCells);

/// <summary>
/// Insights a works council can approve. Everything is counted per cell (one space in one week) and a cell enters a
/// figure only when at least <see cref="MinPeople"/> different people were active in it and the space has that many
/// members. Every figure shown (a week, a space, the total, any period) is therefore a sum of such cells, and no
/// difference of two figures can isolate fewer than five people. Nothing is ever computed per person for display;
/// the sandbox is not counted.
/// </summary>
public sealed class InsightsCalculator(FoyerDbContext db)
{
    public const int MinPeople = 5;

    private sealed record Activity(long SpaceId, long UserId, DateTime Day, int Posts, int Comments, int WikiEdits, int Mails, int Questions);

    /// <summary>One space in one week: each figure with the people who made it, so each is shown only when five or more did.</summary>
    private sealed class Cell
    {
        public HashSet<long> People { get; } = [];
        public HashSet<long> Posters { get; } = [];
        public HashSet<long> Commenters { get; } = [];
        public HashSet<long> Editors { get; } = [];
        public HashSet<long> Mailers { get; } = [];
        public HashSet<long> Askers { get; } = [];
        public int Posts, Comments, WikiEdits, Mails, Questions, Views;
    }

    public static DateOnly WeekStart(DateTime day) => DateOnly.FromDateTime(day.Date.AddDays(-(((int)day.DayOfWeek + 6) % 7)));

    /// <summary>The report for whole weeks from <paramref name="from"/> (a Monday) up to, not including, <paramref name="to"/>; optionally one space only.</summary>
    public async Task<InsightReport> ReportAsync(DateOnly from, DateOnly to, long? onlySpace, long? notCounting = null, CancellationToken ct = default)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var spaces = await db.Spaces.AsNoTracking().Where(s => !s.IsSandbox && (onlySpace == null || s.Id == onlySpace))
            .Select(s => new { s.Id, s.Name, s.Slug, Members = s.Members.Count }).ToListAsync(ct);
        var countable = spaces.Where(s => s.Members >= MinPeople).Select(s => s.Id).ToHashSet();
        var cells = new Dictionary<(long Space, DateOnly Week), Cell>();
        Cell At(long space, DateTime day)
        {
            var key = (space, WeekStart(day));
            if (!cells.TryGetValue(key, out var cell)) cells[key] = cell = new Cell();
            return cell;
        }
        foreach (var a in await ActivitiesAsync(start, end, onlySpace, ct))
        {
            var cell = At(a.SpaceId, a.Day);
            cell.People.Add(a.UserId);
            if (a.Posts > 0) cell.Posters.Add(a.UserId);
            if (a.Comments > 0) cell.Commenters.Add(a.UserId);
            if (a.WikiEdits > 0) cell.Editors.Add(a.UserId);
            if (a.Mails > 0) cell.Mailers.Add(a.UserId);
            if (a.Questions > 0) cell.Askers.Add(a.UserId);
            cell.Posts += a.Posts;
            cell.Comments += a.Comments;
            cell.WikiEdits += a.WikiEdits;
            cell.Mails += a.Mails;
            cell.Questions += a.Questions;
        }
        var startDay = DateOnly.FromDateTime(start);
        var endDay = DateOnly.FromDateTime(end);
        foreach (var v in await db.WikiViewTallies.AsNoTracking().Where(v => v.Day >= startDay && v.Day < endDay && (onlySpace == null || v.SpaceId == onlySpace))
                     .Select(v => new { v.SpaceId, v.Day, v.Views }).ToListAsync(ct))
        {
            At(v.SpaceId, v.Day.ToDateTime(TimeOnly.MinValue)).Views += v.Views;
        }
        // For a space admin's own space, five people besides the viewer: they cannot subtract their own share.
        var others = (HashSet<long> people) => notCounting is long v && people.Contains(v) ? people.Count - 1 : people.Count;
        var shown = cells.Where(c => countable.Contains(c.Key.Space) && others(c.Value.People) >= MinPeople).ToList();
        var suppressed = cells.Count(c => c.Value.People.Count > 0) - shown.Count;

        var weeks = new List<InsightRow>();
        for (var w = from; w < to; w = w.AddDays(7))
        {
            var week = w;
            var label = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(week.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(week.ToDateTime(TimeOnly.MinValue)):00}");
            weeks.Add(new InsightRow(label, null, null, Sum(shown.Where(c => c.Key.Week == week).Select(c => c.Value), others)));
        }
        var spaceRows = spaces.OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(s => new InsightRow(s.Name, $"/spaces/{s.Slug}", s.Id, Sum(shown.Where(c => c.Key.Space == s.Id).Select(c => c.Value), others))).ToList();
        return new InsightReport(from, to, Sum(shown.Select(c => c.Value), others), weeks, spaceRows, suppressed);
    }

    /// <summary>
    /// Posts, comments and wiki edits per person: only ever called when an admin has stated that a works agreement allows
    /// per-person statistics (and the switch is in the audit log). Sandbox and erased accounts are left out.
    /// </summary>
    public async Task<List<(string Name, int Posts, int Comments, int WikiEdits)>> PerPersonAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var counts = new Dictionary<long, (int Posts, int Comments, int WikiEdits)>();
        foreach (var a in await ActivitiesAsync(start, end, null, ct))
        {
            var c = counts.GetValueOrDefault(a.UserId);
            counts[a.UserId] = (c.Posts + a.Posts, c.Comments + a.Comments, c.WikiEdits + a.WikiEdits);
        }
        var ids = counts.Keys.ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.DeletedAt == null).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return counts.Where(c => names.ContainsKey(c.Key)).Select(c => (names[c.Key], c.Value.Posts, c.Value.Comments, c.Value.WikiEdits))
            .OrderBy(r => r.Item1, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>
    /// The sum of publishable cells; null when they hold fewer than five different people together (or none). Each
    /// figure adds only the cells in which five or more people made it (four likes and one writer are not five writers).
    /// </summary>
    private static InsightFigures? Sum(IEnumerable<Cell> cells, Func<HashSet<long>, int> count)
    {
        var list = cells.ToList();
        var people = list.SelectMany(c => c.People).ToHashSet();
        if (count(people) < MinPeople) return null;
        int Figure(Func<Cell, HashSet<long>> who, Func<Cell, int> value) => list.Where(c => count(who(c)) >= MinPeople).Sum(value);
        return new InsightFigures(people.Count, Figure(c => c.Posters, c => c.Posts), Figure(c => c.Commenters, c => c.Comments),
            Figure(c => c.Editors, c => c.WikiEdits), Figure(c => c.Mailers, c => c.Mails), Figure(c => c.Askers, c => c.Questions), list.Sum(c => c.Views));
    }

    /// <summary>Activity per space, person and day, grouped in the database (the rows never leave this class).</summary>
    private async Task<List<Activity>> ActivitiesAsync(DateTime start, DateTime end, long? onlySpace, CancellationToken ct)
    {
        var result = new List<Activity>();
        var posts = db.Posts.AsNoTracking().Where(p => p.CreatedAt >= start && p.CreatedAt < end && p.DeletedAt == null && p.Kind == PostKind.Regular
            && !p.Space!.IsSandbox && (onlySpace == null || p.SpaceId == onlySpace));
        result.AddRange((await posts.GroupBy(p => new { p.SpaceId, p.AuthorId, p.CreatedAt.Date })
            .Select(g => new { g.Key.SpaceId, g.Key.AuthorId, g.Key.Date, Count = g.Count() }).ToListAsync(ct))
            .Select(g => new Activity(g.SpaceId, g.AuthorId, g.Date, g.Count, 0, 0, 0, 0)));
        // A question is a post with a question mark that someone other than its author answered.
        result.AddRange((await posts.Where(p => EF.Functions.Like(p.PlainText, "%?%") && db.Comments.Any(c => c.PostId == p.Id && c.AuthorId != p.AuthorId && c.DeletedAt == null))
            .GroupBy(p => new { p.SpaceId, p.AuthorId, p.CreatedAt.Date })
            .Select(g => new { g.Key.SpaceId, g.Key.AuthorId, g.Key.Date, Count = g.Count() }).ToListAsync(ct))
            .Select(g => new Activity(g.SpaceId, g.AuthorId, g.Date, 0, 0, 0, 0, g.Count)));
        result.AddRange((await db.Comments.AsNoTracking().Where(c => c.CreatedAt >= start && c.CreatedAt < end && c.DeletedAt == null
                && !c.Post!.Space!.IsSandbox && (onlySpace == null || c.Post.SpaceId == onlySpace))
            .GroupBy(c => new { c.Post!.SpaceId, c.AuthorId, c.CreatedAt.Date })
            .Select(g => new { g.Key.SpaceId, g.Key.AuthorId, g.Key.Date, Count = g.Count() }).ToListAsync(ct))
            .Select(g => new Activity(g.SpaceId, g.AuthorId, g.Date, 0, g.Count, 0, 0, 0)));
        result.AddRange((await db.WikiRevisions.AsNoTracking().Where(r => r.CreatedAt >= start && r.CreatedAt < end)
            .Join(db.WikiPages, r => r.PageId, p => p.Id, (r, p) => new { p.SpaceId, r.AuthorId, r.CreatedAt, p.Space!.IsSandbox })
            .Where(x => !x.IsSandbox && (onlySpace == null || x.SpaceId == onlySpace))
            .GroupBy(x => new { x.SpaceId, x.AuthorId, x.CreatedAt.Date })
            .Select(g => new { g.Key.SpaceId, g.Key.AuthorId, g.Key.Date, Count = g.Count() }).ToListAsync(ct))
            .Select(g => new Activity(g.SpaceId, g.AuthorId, g.Date, 0, 0, g.Count, 0, 0)));
        result.AddRange((await db.MailArrivals.AsNoTracking().Where(m => m.At >= start && m.At < end && m.UserId != null && (onlySpace == null || m.SpaceId == onlySpace))
            .GroupBy(m => new { m.SpaceId, m.UserId, m.At.Date })
            .Select(g => new { g.Key.SpaceId, g.Key.UserId, g.Key.Date, Mails = g.Sum(m => m.Mails) }).ToListAsync(ct))
            .Select(g => new Activity(g.SpaceId, g.UserId!.Value, g.Date, 0, 0, 0, g.Mails, 0)));
        // Reacting makes a person active too (it counts nothing else).
        result.AddRange((await db.Reactions.AsNoTracking().Where(r => r.CreatedAt >= start && r.CreatedAt < end && r.TargetType == ReactionTarget.Post)
            .Join(db.Posts, r => r.TargetId, p => p.Id, (r, p) => new { p.SpaceId, r.UserId, r.CreatedAt, p.Space!.IsSandbox })
            .Where(x => !x.IsSandbox && (onlySpace == null || x.SpaceId == onlySpace))
            .GroupBy(x => new { x.SpaceId, x.UserId, x.CreatedAt.Date }).Select(g => new { g.Key.SpaceId, g.Key.UserId, g.Key.Date }).ToListAsync(ct))
            .Select(g => new Activity(g.SpaceId, g.UserId, g.Date, 0, 0, 0, 0, 0)));
        return result;
    }
}
