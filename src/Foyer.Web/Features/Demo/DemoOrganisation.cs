using System.Security.Cryptography;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Organisation;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Foyer.Web.Features.Stream;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Demo;

/// <summary>
/// Fills a fresh install with a German theatre: people, spaces of every kind, posts with mentions and tags, and the
/// blog post that started Foyer with its numbered comment thread. Every account gets one password, made up on the
/// spot and printed once, so no secret lives in the repository.
/// </summary>
public static class DemoOrganisation
{
    private sealed record Person(string Handle, string Name, string Bio, OrgRole Role = OrgRole.Member);

    private static readonly Person[] People =
    [
        new("ines", "Ines Hartmann", "Intendantin. Mag kurze Wege.", OrgRole.Admin),
        new("chris", "Christian Henner", "Dramaturgie und Öffentlichkeitsarbeit."),
        new("klaus", "Klaus Becker", "Technischer Direktor. Lebt im Posteingang."),
        new("anna", "Anna Schmidt", "Pressesprecherin."),
        new("norbert", "Norbert Kaiser", "Verwaltungsdirektor."),
        new("spoxx", "Sabine Pohl", "Theaterpädagogik, immer neugierig."),
        new("michael", "Michael Filter", "Bühnenmeister, kennt jedes WordPress-Plugin."),
        new("joerg", "Jörg Müller", "Beleuchtung."),
        new("mia", "Mia Lorenz", "Freie Dramaturgin der Koproduktion.", OrgRole.Guest),
    ];

    public static async Task SeedDemoOrganisationAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<FoyerDbContext>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Foyer.Demo");
        if (await db.Organisation.AnyAsync())
        {
            log.LogWarning("The organisation is already set up; the demo data was not added.");
            return;
        }
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        await SeedAsync(services, password);
        await services.GetRequiredService<OrganisationState>().RefreshAsync();
        Console.WriteLine($"Demo organisation ready. Log in as ines@demo.example (admin) or anna@demo.example, password: {password}");
    }

    public static async Task SeedAsync(IServiceProvider services, string password)
    {
        var db = services.GetRequiredService<FoyerDbContext>();
        var users = services.GetRequiredService<UserManager<User>>();
        var writer = services.GetRequiredService<PostWriter>();
        var clock = DateTime.UtcNow.AddDays(-14);
        DateTime Tick(int minutes = 37) => clock = clock.AddMinutes(minutes);

        db.Organisation.Add(new OrganisationSettings { Name = "Stadttheater Beispielstadt", DefaultLanguage = "de", SetupCompletedAt = Tick() });
        await db.SaveChangesAsync();

        var byHandle = new Dictionary<string, User>();
        foreach (var p in People)
        {
            var user = new User
            {
                UserName = $"{p.Handle}@demo.example", Email = $"{p.Handle}@demo.example", EmailConfirmed = true,
                Handle = p.Handle, DisplayName = p.Name, Bio = p.Bio, Role = p.Role, CreatedAt = Tick(5),
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            byHandle[p.Handle] = user;
        }

        Space NewSpace(string name, string slug, string description, SpaceVisibility visibility, params string[] members)
        {
            var space = new Space
            {
                Name = name, NormalizedName = name.ToUpperInvariant(), Slug = slug, Description = description,
                Visibility = visibility, CreatedById = byHandle[members[0]].Id, CreatedAt = Tick(),
            };
            for (var i = 0; i < members.Length; i++)
            {
                space.Members.Add(new SpaceMembership { UserId = byHandle[members[i]].Id, Role = i == 0 ? SpaceRole.Admin : SpaceRole.Member, JoinedAt = clock });
            }
            db.Spaces.Add(space);
            return space;
        }

        var foyer = NewSpace("Foyer", "foyer", "Für alle im Haus: Neuigkeiten, Fragen, Fundstücke.", SpaceVisibility.Open, "ines", "chris", "klaus", "anna", "norbert", "spoxx", "michael", "joerg");
        var dramaturgie = NewSpace("Dramaturgie", "dramaturgie", "Stückauswahl, Programmhefte, Recherchen.", SpaceVisibility.Closed, "chris", "anna", "spoxx");
        var technik = NewSpace("Technik", "technik", "Bühne, Licht, Ton, Werkstätten.", SpaceVisibility.Open, "klaus", "michael", "joerg");
        var koproduktion = NewSpace("Koproduktion Faust", "koproduktion-faust", "Gemeinsame Produktion mit dem Landestheater Nachbarstadt.", SpaceVisibility.Closed, "chris", "klaus", "anna", "mia");
        var intendanz = NewSpace("Intendanz", "intendanz", "Leitungsrunde. Vertraulich.", SpaceVisibility.Secret, "ines", "norbert");
        await db.SaveChangesAsync();
        await Privacy.Sandbox.EnsureAsync(db, services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>(),
            "de", byHandle["ines"].Id, Tick());

        async Task<Post> PostAsync(Space space, string author, string markdown)
        {
            var content = await writer.RenderWithLinksAsync(space, markdown);
            var rendered = content.Rendered;
            var post = new Post
            {
                SpaceId = space.Id, AuthorId = byHandle[author].Id, Markdown = markdown, Html = rendered.Html,
                PlainText = rendered.PlainText, CreatedAt = Tick(),
            };
            db.Posts.Add(post);
            await writer.SetTagsAsync(post, rendered.Tags);
            await db.SaveChangesAsync();
            await writer.SetMentionsAsync(post.Id, null, rendered.MentionedUserIds);
            await writer.SetWikiLinksAsync(WikiLinkSource.Post, post.Id, content.LinkTargets);
            await db.SaveChangesAsync();
            return post;
        }

        async Task<Comment> CommentAsync(Space space, Post post, string author, string markdown, Comment? parent = null)
        {
            var content = await writer.RenderWithLinksAsync(space, markdown);
            var rendered = content.Rendered;
            var comment = new Comment
            {
                PostId = post.Id, ParentId = parent?.Id, AuthorId = byHandle[author].Id, Markdown = markdown, Html = rendered.Html,
                PlainText = rendered.PlainText, CreatedAt = Tick(11), Number = ++post.CommentCount,
            };
            db.Comments.Add(comment);
            await db.SaveChangesAsync();
            await writer.SetMentionsAsync(post.Id, comment.Id, rendered.MentionedUserIds);
            await writer.SetWikiLinksAsync(WikiLinkSource.Comment, comment.Id, content.LinkTargets);
            await db.SaveChangesAsync();
            return comment;
        }

        var welcome = await PostAsync(foyer, "ines", "Willkommen im **Foyer**! Hier tauschen wir uns aus, statt Mails hin- und herzuschicken. Fragen gern an @anna oder mich. #willkommen #intern");
        await CommentAsync(foyer, welcome, "klaus", "Funktioniert das auch per Mail? Ich bin ja eher im Posteingang zu Hause. #mail");
        await CommentAsync(foyer, welcome, "anna", "@klaus ja, das kommt als Nächstes. Bis dahin: einfach hier antworten.");

        var seed = SeedBlogPost.Load();
        var blog = await PostAsync(foyer, "chris", $"## {seed.Title}\n\n{seed.Body}\n\n#socialmedia #kooperation #wiki");
        // The seed's comment authors, read from the thread's own @replies.
        string[] authors = ["norbert", "spoxx", "chris", "michael", "chris", "michael", "chris", "chris"];
        int?[] replyTo = [null, null, 1, 3, 4, 5, 6, 6];
        var written = new List<Comment>();
        for (var i = 0; i < seed.Comments.Count; i++)
        {
            var author = i < authors.Length ? authors[i] : "chris";
            var parent = i < replyTo.Length && replyTo[i] is int n ? written[n - 1] : null;
            written.Add(await CommentAsync(foyer, blog, author, seed.Comments[i], parent));
        }

        await PostAsync(technik, "klaus", "Die Hebebühne 2 ist ab Montag wieder freigegeben. Danke an @michael und @joerg! #bühne #wartung");
        await PostAsync(technik, "joerg", "Neue LED-Scheinwerfer sind da. Wer hilft Donnerstag beim Einrichten? #licht");
        await PostAsync(dramaturgie, "chris", "Entwurf fürs Programmheft liegt bereit. @spoxx, magst du die theaterpädagogischen Seiten übernehmen? #programmheft");
        await PostAsync(dramaturgie, "spoxx", "Gern! Ich plane auch einen Workshop für Schulklassen. #theaterpädagogik");
        var faust = await PostAsync(koproduktion, "chris", "Probenplan Herbst für die Koproduktion: erste Leseprobe am 3. Oktober. @mia, passt das für euch? #faust #probenplan");
        await CommentAsync(koproduktion, faust, "mia", "@chris passt! Wir bringen die Strichfassung mit.");
        await PostAsync(koproduktion, "klaus", "Bühnenbildmodell ist fertig, Fotos folgen. #faust #bühne");
        await PostAsync(intendanz, "norbert", "Budgetrunde 2027: Zahlen bis Freitag. #budget");
        await PostAsync(foyer, "anna", "Pressemitteilung zur Spielzeiteröffnung ist raus. Danke an alle, die Korrektur gelesen haben! #presse");
        await db.SaveChangesAsync();

        // The wiki: knowledge that would otherwise travel by mail, with links between pages and from the stream.
        var wiki = services.GetRequiredService<Wiki.WikiWriter>();
        var (probenplan, _) = await wiki.CreateAsync(koproduktion, byHandle["chris"].Id, "Probenplan Herbst",
            "## Leseproben\n\n- 3. Oktober, 10 Uhr: erste Leseprobe (Probebühne)\n- 10. Oktober: Stellprobe\n\n## Bühne\n\nSiehe [[Bühnenbild]] und [[technik:Hebebühne 2]].",
            null, "Erste Fassung", null);
        await wiki.CreateAsync(koproduktion, byHandle["klaus"].Id, "Bühnenbild",
            "Modell im Maßstab 1:25 ist fertig. Termine stehen im [[Probenplan Herbst]].", probenplan?.Id, "", null);
        await wiki.CreateAsync(technik, byHandle["klaus"].Id, "Hebebühne 2",
            "Wartung jährlich im August. Ansprechpartner: @michael.\n\n| Prüfung | Datum |\n|---|---|\n| TÜV | 14.08. |", null, "", null);
        await PostAsync(koproduktion, "anna", "Die Termine für die Presse stehen jetzt im [[Probenplan Herbst]]. #faust");

        // The organisation's blog, with the post that started Foyer as an article on the public web and its thread.
        var houseBlog = new Data.Blogs.Blog { Title = "Stadttheater Beispielstadt", Description = "Aus dem Haus, für das Haus und darüber hinaus.", CreatedAt = Tick() };
        db.Blogs.Add(houseBlog);
        await db.SaveChangesAsync();
        var category = new Data.Blogs.BlogCategory { BlogId = houseBlog.Id, Name = "Kulturmanagement", Slug = "kulturmanagement" };
        db.BlogCategories.Add(category);
        await db.SaveChangesAsync();
        var blogContext = new Blogs.BlogContext { Blog = houseBlog, CanRead = true, CanWrite = true, IsEditor = true };
        var articles = services.GetRequiredService<Blogs.ArticleWriter>();
        var article = await articles.SaveAsync(blogContext, null, byHandle["chris"].Id, new Blogs.ArticleInput(seed.Title, seed.Body, "",
            Data.Blogs.ArticleStatus.Published, null, Data.Blogs.ArticleAudience.Public, [category.Id], "socialmedia, intern, kooperation", CommentsOpen: true));
        var pipeline = services.GetRequiredService<Infrastructure.Content.ContentPipeline>();
        var blogComments = new List<Data.Blogs.ArticleComment>();
        for (var i = 0; i < seed.Comments.Count; i++)
        {
            var author = i < authors.Length ? authors[i] : "chris";
            var parent = i < replyTo.Length && replyTo[i] is int n ? blogComments[n - 1].Id : (long?)null;
            var comment = new Data.Blogs.ArticleComment
            {
                ArticleId = article.Id, ParentId = parent, AuthorId = byHandle[author].Id, Markdown = seed.Comments[i],
                Html = pipeline.Render(seed.Comments[i]).Html, CreatedAt = Tick(9),
            };
            await Blogs.ArticleComments.PublishAsync(db, comment);
            blogComments.Add(comment);
        }
    }
}
