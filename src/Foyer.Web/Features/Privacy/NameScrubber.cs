using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Blogs;
using Foyer.Data.Files;
using Foyer.Data.Links;
using Foyer.Data.Mail;
using Foyer.Data.Outbox;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Foyer.Web.Infrastructure.Content;
using Foyer.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Foyer.Web.Features.Privacy;

/// <summary>
/// Removes a person's name, @handle and e-mail address from the texts other people and Foyer wrote: the content
/// columns listed here, never keys, tokens or secrets. Matches are whole words in any letter case; each is replaced by
/// "former member" in the same form (upper case stays upper case, a slug stays a slug, HTML stays encoded).
/// Rows are found in the database and rewritten by id, so only the rows that hold the name are touched.
/// </summary>
public sealed class NameScrubber
{
    private readonly List<(Regex Pattern, Func<Match, string> Replace)> _rules = [];
    private readonly List<string> _needles = [];

    /// <summary>Content columns: (entity, properties). Wiki titles and slugs are handled separately (they are unique per space).</summary>
    private static readonly (Type Entity, string[] Columns)[] ContentColumns =
    [
        (typeof(Post), [nameof(Post.Markdown), nameof(Post.Html), nameof(Post.PlainText)]),
        (typeof(PostRevision), [nameof(PostRevision.Markdown), nameof(PostRevision.Html)]),
        (typeof(Comment), [nameof(Comment.Markdown), nameof(Comment.Html), nameof(Comment.PlainText)]),
        (typeof(WikiPage), [nameof(WikiPage.Markdown), nameof(WikiPage.Html), nameof(WikiPage.PlainText)]),
        (typeof(WikiRevision), [nameof(WikiRevision.Title), nameof(WikiRevision.Markdown), nameof(WikiRevision.Summary)]),
        (typeof(WikiLink), [nameof(WikiLink.TargetTitle)]),
        (typeof(WikiTemplate), [nameof(WikiTemplate.Name), nameof(WikiTemplate.Markdown)]),
        (typeof(Article), [nameof(Article.Title), nameof(Article.Markdown), nameof(Article.Html), nameof(Article.PlainText), nameof(Article.Excerpt)]),
        (typeof(ArticleComment), [nameof(ArticleComment.Markdown), nameof(ArticleComment.Html), nameof(ArticleComment.GuestName)]),
        (typeof(StoredFile), [nameof(StoredFile.FileName)]),
        (typeof(Space), [nameof(Space.Name), nameof(Space.Description)]),
        (typeof(Blog), [nameof(Blog.Title), nameof(Blog.Description)]),
        (typeof(User), [nameof(User.Bio)]),
        (typeof(SpaceJoinRequest), [nameof(SpaceJoinRequest.Message)]),
        (typeof(LinkPreview), [nameof(LinkPreview.Title), nameof(LinkPreview.Description), nameof(LinkPreview.AuthorName)]),
        (typeof(OutboxMessage), [nameof(OutboxMessage.Payload), nameof(OutboxMessage.LastError)]),
        (typeof(OutgoingMail), [nameof(OutgoingMail.Subject), nameof(OutgoingMail.ToAddress), nameof(OutgoingMail.LastError)]),
        (typeof(Invitation), [nameof(Invitation.Email)]),
    ];

    public NameScrubber(User user, string formerName)
    {
        var nameSlug = Slugs.From(user.DisplayName);
        var formerSlug = Slugs.From(formerName);
        const string Before = @"(?<![\p{L}\p{N}_])";
        const string After = @"(?![\p{L}\p{N}_]|[.\-][\p{L}\p{N}])";
        void Add(string? value, string replacement, bool sameForm = true)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim().Length < 3) return;
            _needles.Add(value);
            var pattern = new Regex(Before + Regex.Escape(value) + After, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
            _rules.Add((pattern, m => sameForm ? SameForm(m.Value, replacement) : replacement));
        }
        // Longest first: the address before the name, the name before its parts.
        Add(user.Email, formerName);
        Add("/people/" + user.Handle, "/people", sameForm: false);
        Add("@" + user.Handle, "@" + formerName);
        Add(user.DisplayName, formerName);
        var encoded = WebUtility.HtmlEncode(user.DisplayName);
        if (encoded != user.DisplayName) Add(encoded, WebUtility.HtmlEncode(formerName));
        if (nameSlug.Length >= 3 && !nameSlug.Equals(user.DisplayName, StringComparison.OrdinalIgnoreCase)) Add(nameSlug, formerSlug);
    }

    /// <summary>The spellings searched for (case-insensitively).</summary>
    public IReadOnlyList<string> Needles => _needles;

    /// <summary>"ANNA BERG" → "FORMER MEMBER", "anna berg" → "former member", anything else → the replacement as written.</summary>
    private static string SameForm(string found, string replacement)
    {
        if (found.Any(char.IsLetter) && found.All(c => !char.IsLetter(c) || char.IsUpper(c))) return replacement.ToUpperInvariant();
        if (found.Any(char.IsLetter) && found.All(c => !char.IsLetter(c) || char.IsLower(c))) return replacement.ToLowerInvariant();
        return replacement;
    }

    public string Clean(string text)
    {
        foreach (var (pattern, replace) in _rules) text = pattern.Replace(text, new MatchEvaluator(replace));
        return text;
    }

    public bool Holds(string? text) => text is not null && _rules.Any(r => r.Pattern.IsMatch(text));

    /// <summary>Cleans every content column; returns how many rows changed.</summary>
    public async Task<int> ScrubAsync(FoyerDbContext db, long exceptUserId, CancellationToken ct)
    {
        var changed = 0;
        foreach (var (type, columns) in ContentColumns)
        {
            var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model");
            foreach (var column in columns) changed += await ScrubColumnAsync(db, entity, column, type == typeof(User) ? exceptUserId : null, ct);
        }
        changed += await ScrubWikiTitlesAsync(db, ct);
        return changed;
    }

    private async Task<int> ScrubColumnAsync(FoyerDbContext db, IEntityType entity, string propertyName, long? skipId, CancellationToken ct)
    {
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var column = entity.FindProperty(propertyName)!.GetColumnName(store)!;
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName(store)!;
        var rows = await FindAsync(db, table, key, column, skipId, ct);
        var changed = 0;
        foreach (var (id, value) in rows)
        {
            var clean = Clean(value);
            if (clean == value) continue;
            await ExecuteAsync(db, $"UPDATE \"{table}\" SET \"{column}\" = @v WHERE \"{key}\" = @id", ct, ("@v", clean), ("@id", id));
            changed++;
        }
        return changed;
    }

    /// <summary>Rows whose column contains a needle in any case (lower() folds ASCII on SQLite; the exact spellings catch the rest).</summary>
    private async Task<List<(long Id, string Value)>> FindAsync(FoyerDbContext db, string table, string key, string column, long? skipId, CancellationToken ct)
    {
        var sqlite = db.Database.IsSqlite();
        var parameters = new List<(string, object)>();
        var conditions = new List<string>();
        foreach (var needle in _needles.SelectMany(n => new[] { n, n.ToLowerInvariant(), n.ToUpperInvariant() }).Distinct())
        {
            var name = "@n" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add((name, needle.ToLowerInvariant()));
            conditions.Add(sqlite ? $"instr(lower(\"{column}\"), {name}) > 0" : $"strpos(lower(\"{column}\"), {name}) > 0");
            var exact = "@e" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add((exact, needle));
            conditions.Add(sqlite ? $"instr(\"{column}\", {exact}) > 0" : $"strpos(\"{column}\", {exact}) > 0");
        }
        var skip = skipId is long s ? $" AND \"{key}\" <> {s.ToString(CultureInfo.InvariantCulture)}" : "";
        var sql = $"SELECT \"{key}\", \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL AND ({string.Join(" OR ", conditions)}){skip}";
        var result = new List<(long, string)>();
        await using var command = Command(db, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add((reader.GetInt64(0), reader.GetString(1)));
        return result;
    }

    /// <summary>
    /// Wiki pages: title, normalized title and slug are unique in their space, so a cleaned title that another page
    /// already has gets the page's number; old titles and slugs kept as redirects are cleaned or, when taken, dropped.
    /// </summary>
    private async Task<int> ScrubWikiTitlesAsync(FoyerDbContext db, CancellationToken ct)
    {
        var changed = 0;
        var pages = await db.WikiPages.Select(p => new { p.Id, p.SpaceId, p.Title, p.Slug }).ToListAsync(ct);
        foreach (var p in pages.Where(p => Holds(p.Title) || Holds(p.Slug)))
        {
            var title = Clean(p.Title);
            var slug = Clean(p.Slug);
            var normalized = WikiTitles.Normalize(title);
            if (await db.WikiPages.AnyAsync(o => o.SpaceId == p.SpaceId && o.Id != p.Id && (o.NormalizedTitle == normalized || o.Slug == slug), ct))
            {
                var number = p.Id.ToString(CultureInfo.InvariantCulture);
                (title, slug) = ($"{title} ({number})", $"{slug}-{number}");
                normalized = WikiTitles.Normalize(title);
            }
            await db.WikiPages.Where(x => x.Id == p.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, title)
                .SetProperty(x => x.NormalizedTitle, normalized).SetProperty(x => x.Slug, slug), ct);
            changed++;
        }
        var aliases = await db.WikiAliases.Select(a => new { a.Id, a.SpaceId, a.Kind, a.Value }).ToListAsync(ct);
        foreach (var a in aliases.Where(a => Holds(a.Value)))
        {
            var value = Clean(a.Value);
            var taken = await db.WikiAliases.AnyAsync(o => o.Id != a.Id && o.SpaceId == a.SpaceId && o.Kind == a.Kind && o.Value == value, ct);
            if (taken) await db.WikiAliases.Where(x => x.Id == a.Id).ExecuteDeleteAsync(ct);
            else await db.WikiAliases.Where(x => x.Id == a.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value), ct);
            changed++;
        }
        return changed;
    }

    private static DbCommand Command(FoyerDbContext db, string sql, IEnumerable<(string Name, object Value)> parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.AddParameter(name, value);
        return command;
    }

    private static async Task ExecuteAsync(FoyerDbContext db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }
}
