using Foyer.Data;
using Foyer.Data.Sqlite;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Features.Blogs.Spam;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Foyer.Tests.Features.Blogs.Spam;

/// <summary>The EF model store on an in-memory SQLite database with the real migrations; a new context per step, as per request.</summary>
public sealed class EfSpamModelStoreTests : IAsyncLifetime, IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private DbContextOptions<FoyerDbContext> _options = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _options = new DbContextOptionsBuilder<FoyerDbContext>()
            .UseSqlite(_connection, o => o.MigrationsAssembly(typeof(SqliteSetup).Assembly.GetName().Name)).Options;
        await using var db = new FoyerDbContext(_options);
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _connection.Dispose();

    private async Task<T> WithStoreAsync<T>(Func<EfSpamModelStore, Task<T>> work)
    {
        await using var db = new FoyerDbContext(_options);
        return await work(new EfSpamModelStore(db));
    }

    private Task<bool> WithStoreAsync(Func<EfSpamModelStore, Task> work) => WithStoreAsync(async s =>
    {
        await work(s);
        return true;
    });

    [Fact]
    public async Task Training_and_untraining_change_the_counts_in_the_database()
    {
        Assert.True(await WithStoreAsync(s => s.IsEmptyAsync()));
        await WithStoreAsync(s => s.AddAsync(["pills", "cheap"], isSpam: true, 1));
        await WithStoreAsync(s => s.AddAsync(["pills", "online"], isSpam: true, 1));
        await WithStoreAsync(s => s.AddAsync(["premiere", "online"], isSpam: false, 1));
        Assert.False(await WithStoreAsync(s => s.IsEmptyAsync()));

        var model = await WithStoreAsync(s => s.GetAsync(["pills", "online", "premiere", "unknown"]));
        Assert.Equal((2, 1), (model.SpamDocuments, model.HamDocuments));
        Assert.Equal(new SpamTokenCounts(2, 0), model.Tokens["pills"]);
        Assert.Equal(new SpamTokenCounts(1, 1), model.Tokens["online"]);
        Assert.Equal(new SpamTokenCounts(0, 1), model.Tokens["premiere"]);
        Assert.False(model.Tokens.ContainsKey("unknown"));

        await WithStoreAsync(s => s.AddAsync(["pills", "cheap"], isSpam: true, -1));
        await WithStoreAsync(s => s.AddAsync(["cheap"], isSpam: true, -1)); // once too often for "cheap": stays at zero
        await WithStoreAsync(s => s.AddAsync(["other"], isSpam: true, -1)); // and for the documents
        model = await WithStoreAsync(s => s.GetAsync(["pills", "cheap"]));
        Assert.Equal((0, 1), (model.SpamDocuments, model.HamDocuments));
        Assert.Equal(new SpamTokenCounts(1, 0), model.Tokens["pills"]);
        Assert.False(model.Tokens.ContainsKey("cheap"));

        await using var db = new FoyerDbContext(_options);
        Assert.False(await db.SpamTokens.AnyAsync(t => t.Token == "cheap")); // rows at zero are removed
    }

    [Fact]
    public async Task Seeding_happens_once()
    {
        var model = new SpamModelSnapshot(3, 4, new Dictionary<string, SpamTokenCounts> { ["a"] = new(1, 2), ["b"] = new(3, 0) });
        Assert.True(await WithStoreAsync(s => s.SeedAsync(model)));
        Assert.False(await WithStoreAsync(s => s.SeedAsync(model)));

        var stored = await WithStoreAsync(s => s.GetAsync(["a", "b"]));
        Assert.Equal((3, 4), (stored.SpamDocuments, stored.HamDocuments));
        Assert.Equal(new SpamTokenCounts(1, 2), stored.Tokens["a"]);
        Assert.Equal(new SpamTokenCounts(3, 0), stored.Tokens["b"]);
    }

    [Fact]
    public async Task The_filter_seeds_the_starter_model_into_the_database_and_learns_there()
    {
        var options = Options.Create(new SpamOptions());
        using var seeder = new SpamModelSeeder(options);
        var tracker = new SpamActivityTracker(options);
        SpamFilter Filter(FoyerDbContext db) => new(TimeProvider.System, options, new EfSpamModelStore(db), tracker, seeder, NullLogger<SpamFilter>.Instance);
        var now = DateTime.UtcNow;
        SpamCheckInput Input(string text, string email) => new("Gast", email, null, text, System.Net.IPAddress.Loopback, now.AddSeconds(-40), now, null, true, null);

        await using (var db = new FoyerDbContext(_options))
        {
            var ham = await Filter(db).CheckAsync(Input("Wann beginnt die Vorstellung am Sonntag?", "a@example.org"));
            Assert.Equal(SpamVerdict.Publish, ham.Verdict);
            var spam = await Filter(db).CheckAsync(Input("Buy cheap essays online, essay writing service with discount!", "b@example.org"));
            Assert.NotEqual(SpamVerdict.Publish, spam.Verdict);
        }

        await using (var db = new FoyerDbContext(_options))
        {
            var counts = await db.SpamModelCounts.SingleAsync();
            var corpus = SpamModelSeeder.StarterCorpus;
            Assert.Equal(corpus.Count(c => c.IsSpam), counts.SpamDocuments);
            Assert.Equal(corpus.Count(c => !c.IsSpam), counts.HamDocuments);
            await Filter(db).TrainAsync("Glockenspielkurs mit Rabatt", isSpam: true);
        }

        await using (var db = new FoyerDbContext(_options))
        {
            Assert.Equal(1, (await db.SpamTokens.SingleAsync(t => t.Token == "glockenspielkurs")).SpamCount);
            Assert.Equal(SpamModelSeeder.StarterCorpus.Count(c => c.IsSpam) + 1, (await db.SpamModelCounts.SingleAsync()).SpamDocuments);
        }
    }
}

/// <summary>The filter as the app registers it, on the app's database of each provider.</summary>
public abstract class SpamFilterAppTests(FoyerApp app)
{
    [Fact]
    public async Task The_app_provides_a_filter_that_seeds_and_learns_in_its_database()
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        SpamCheckInput Input(string text, string email, string ip) =>
            new("Gast", email, null, text, System.Net.IPAddress.Parse(ip), now.AddSeconds(-30), now, "", true, null);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var filter = scope.ServiceProvider.GetRequiredService<SpamFilter>();
            Assert.Equal(SpamVerdict.Publish, (await filter.CheckAsync(Input("Gibt es noch Karten für Samstag?", app.Unique("a") + "@example.org", "192.0.2.10"))).Verdict);
            Assert.NotEqual(SpamVerdict.Publish, (await filter.CheckAsync(Input("cheap viagra online http://pills.example.top/buy", app.Unique("b") + "@example.org", "192.0.2.11"))).Verdict);
            await filter.TrainAsync(new SpamDocument("Quarzkristallbettwäsche zum Vorzugspreis"), isSpam: true);
            await filter.TrainAsync(new SpamDocument("Quarzkristallbettwäsche zum Vorzugspreis"), isSpam: true);
        }

        var token = await app.WithDbAsync(db => db.SpamTokens.AsNoTracking().SingleAsync(t => t.Token == "quarzkristallbettwäsche"));
        Assert.Equal(2, token.SpamCount);
        var counts = await app.WithDbAsync(db => db.SpamModelCounts.AsNoTracking().SingleAsync());
        Assert.True(counts.SpamDocuments > SpamModelSeeder.StarterCorpus.Count(c => c.IsSpam));

        // A moderator reverses one decision, then takes the other back entirely.
        var unique = app.Unique("zwiebelturmführung");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var filter = scope.ServiceProvider.GetRequiredService<SpamFilter>();
            await filter.TrainAsync(new SpamDocument(unique), isSpam: true);
            await filter.RelabelAsync(new SpamDocument(unique), isSpam: false);
            await filter.UntrainAsync(new SpamDocument("Quarzkristallbettwäsche zum Vorzugspreis"), wasSpam: true);
            await filter.UntrainAsync(new SpamDocument("Quarzkristallbettwäsche zum Vorzugspreis"), wasSpam: true);
        }
        var relabelled = await app.WithDbAsync(db => db.SpamTokens.AsNoTracking().SingleAsync(t => t.Token == unique));
        Assert.Equal((0, 1), (relabelled.SpamCount, relabelled.HamCount));
        Assert.False(await app.WithDbAsync(db => db.SpamTokens.AnyAsync(t => t.Token == "quarzkristallbettwäsche")));
        var after = await app.WithDbAsync(db => db.SpamModelCounts.AsNoTracking().SingleAsync());
        Assert.Equal((counts.SpamDocuments - 2, counts.HamDocuments + 1), (after.SpamDocuments, after.HamDocuments));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SpamFilterAppSqliteTests(SqliteApp app) : SpamFilterAppTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SpamFilterAppPostgresTests(PostgresApp app) : SpamFilterAppTests(app);
