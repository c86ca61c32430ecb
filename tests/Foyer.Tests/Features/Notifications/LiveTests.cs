using System.Text.Json;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Notifications;

/// <summary>Reads server-sent events from /live the way EventSource does: "event:" and "data:" lines, blank line ends one.</summary>
public sealed class LiveStream(HttpResponseMessage response, System.IO.Stream stream) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(stream);

    public static async Task<LiveStream> OpenAsync(TestClient client)
    {
        var response = await client.Http.GetAsync("/live", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new LiveStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event of the given type (others are skipped), or a timeout.</summary>
    public async Task<JsonElement> NextAsync(string type, int seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        string? current = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the live stream ended");
            if (line.StartsWith("event: ", StringComparison.Ordinal)) current = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && current == type) return JsonDocument.Parse(line[6..]).RootElement.Clone();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await stream.DisposeAsync();
        response.Dispose();
    }
}

/// <summary>Live updates on one node: the bell's count arrives without a reload; others' secrets never do.</summary>
public abstract class LiveTests(FoyerApp app)
{
    [Fact]
    public async Task A_mention_reaches_the_open_page_of_the_mentioned_person_as_a_new_count()
    {
        var author = await app.CreateUserAsync();
        var reader = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, reader);
        await using var live = await LiveStream.OpenAsync(await app.LoginAsync(reader));
        Assert.Equal(0, (await live.NextAsync("hello")).GetProperty("unread").GetInt32());

        await (await app.LoginAsync(author)).PublishAsync(space, $"Bitte lesen, @{reader.Handle}");

        Assert.Equal(1, (await live.NextAsync("notification")).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task A_new_post_is_announced_only_to_those_who_may_read_its_space()
    {
        var author = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var outsider = await app.CreateUserAsync();
        var secret = await app.CreateSpaceAsync(SpaceVisibility.Secret, author, member);
        var open = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        await using var memberLive = await LiveStream.OpenAsync(await app.LoginAsync(member));
        await using var outsiderLive = await LiveStream.OpenAsync(await app.LoginAsync(outsider));
        await memberLive.NextAsync("hello");
        await outsiderLive.NextAsync("hello");
        var authorClient = await app.LoginAsync(author);

        var secretPost = await authorClient.PublishAsync(secret, "Nur für uns");
        var openPost = await authorClient.PublishAsync(open, "Für alle");

        Assert.Equal(secretPost, (await memberLive.NextAsync("post")).GetProperty("postId").GetInt64());
        // The outsider's first announced post is the open one: the secret one was never sent to them.
        Assert.Equal(openPost, (await outsiderLive.NextAsync("post")).GetProperty("postId").GetInt64());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteLiveTests(SqliteApp app) : LiveTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLiveTests(PostgresApp app) : LiveTests(app);

/// <summary>
/// Two app nodes on one database and one Redis (the throwaway Redis test.sh starts): a mention written on node A
/// reaches a page open on node B.
/// </summary>
public sealed class TwoNodeLiveTests : IAsyncLifetime, IDisposable
{
    private static string Redis => Environment.GetEnvironmentVariable("FOYER_TEST_REDIS")
        ?? throw new InvalidOperationException("FOYER_TEST_REDIS is not set: run the tests with ./test.sh, which starts Redis.");

    private FoyerApp _a = null!;
    private FoyerApp _b = null!;

    private sealed class SecondNode(string connectionString, string redis)
        : FoyerApp(DatabaseProvider.Postgres, new() { ["Database:ConnectionString"] = connectionString, ["Redis:Configuration"] = redis })
    {
        // The organisation exists already (node A set it up); this node only serves it.
        protected override async Task SetUpOrganisationAsync()
        {
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync("admin@test.example");
        }
    }

    public async Task InitializeAsync()
    {
        _a = new FoyerApp(DatabaseProvider.Postgres, new() { ["Redis:Configuration"] = Redis });
        await _a.InitializeAsync();
        _b = new SecondNode(_a.ConnectionString, Redis);
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    [Fact]
    public async Task A_mention_on_node_a_rings_the_bell_on_node_b()
    {
        var author = await _a.CreateUserAsync();
        var reader = await _a.CreateUserAsync();
        var space = await _a.CreateSpaceAsync(SpaceVisibility.Open, author, reader);
        await using var live = await LiveStream.OpenAsync(await _b.LoginAsync(reader));
        await live.NextAsync("hello");

        await (await _a.LoginAsync(author)).PublishAsync(space, $"Über zwei Knoten, @{reader.Handle}");

        Assert.Equal(1, (await live.NextAsync("notification")).GetProperty("unread").GetInt32());
    }
}
