using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Foyer.Tests.Infrastructure;

/// <summary>
/// One running Foyer on a fresh database of one provider. SQLite gets a temporary file; PostgreSQL a new database on
/// the throwaway server that test.sh starts (FOYER_TEST_POSTGRES). Setup runs through the real setup page.
/// </summary>
public class FoyerApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    private readonly string _connectionString;
    private readonly string? _postgresDatabase;
    private readonly Dictionary<string, string?> _settings;
    private int _counter;

    public DatabaseProvider Provider { get; }
    /// <summary>The database this app uses (a second app node can share it).</summary>
    public string ConnectionString => _settings.TryGetValue("Database:ConnectionString", out var own) && own is not null ? own : _connectionString;
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public User Admin { get; private set; } = null!;

    public FoyerApp(DatabaseProvider provider, Dictionary<string, string?>? settings = null)
    {
        Provider = provider;
        _settings = settings ?? [];
        if (provider == DatabaseProvider.Postgres)
        {
            var server = Environment.GetEnvironmentVariable("FOYER_TEST_POSTGRES")
                ?? throw new InvalidOperationException("FOYER_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL.");
            _postgresDatabase = "foyer_test_" + Guid.NewGuid().ToString("N")[..12];
            _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = _postgresDatabase }.ConnectionString;
        }
        else
        {
            var dir = Path.Combine(Path.GetTempPath(), "foyer-tests");
            Directory.CreateDirectory(dir);
            _connectionString = $"Data Source={Path.Combine(dir, Guid.NewGuid().ToString("N") + ".db")}";
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ConnectionString", _connectionString);
        builder.UseSetting("Login:PerNetworkAttemptsPerWindow", "100000");
        builder.UseSetting("Login:PerAccountAttemptsPerWindow", "1000");
        builder.UseSetting("Stream:WritesPerMinute", "100000");
        // Tests apply the retention rules themselves (RetentionRunner), at the fake clock's time.
        builder.UseSetting("Retention:Run", "false");
        // No test reaches out to real providers; the link preview tests switch fetching on against a local fake.
        builder.UseSetting("LinkPreviews:Fetch", "false");
        builder.UseSetting("Files:Path", Path.Combine(Path.GetTempPath(), "foyer-tests", "files-" + Guid.NewGuid().ToString("N")));
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task InitializeAsync()
    {
        if (_postgresDatabase is not null)
        {
            await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("FOYER_TEST_POSTGRES"));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        _ = Server;
        await SetUpOrganisationAsync();
    }

    /// <summary>Runs the real setup page once, the way the first visitor does.</summary>
    protected virtual async Task SetUpOrganisationAsync()
    {
        var client = NewClient();
        var response = await client.PostFormAsync("/setup", "/setup", new()
        {
            ["Input.OrganisationName"] = "Stadttheater Test",
            ["Input.Language"] = "en",
            ["Input.DisplayName"] = "Ada Admin",
            ["Input.Email"] = "admin@test.example",
            ["Input.Password"] = Password,
        });
        if ((int)response.StatusCode != 302) throw new InvalidOperationException($"Setup failed: {response.StatusCode}");
        await using var scope = Services.CreateAsyncScope();
        Admin = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync("admin@test.example")
            ?? throw new InvalidOperationException("Setup created no admin.");
    }

    public TestClient NewClient() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public string Unique(string stem) => $"{stem}{Interlocked.Increment(ref _counter)}x{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<T> WithDbAsync<T>(Func<FoyerDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FoyerDbContext>());
    }

    public async Task<User> CreateUserAsync(OrgRole role = OrgRole.Member, string? name = null)
    {
        var stem = Unique(role.ToString().ToLowerInvariant());
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User
        {
            UserName = $"{stem}@test.example", Email = $"{stem}@test.example", EmailConfirmed = true, Role = role,
            DisplayName = name ?? $"Person {stem}", Handle = stem, CreatedAt = Clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }

    public async Task<Space> CreateSpaceAsync(SpaceVisibility visibility, User admin, params User[] members)
    {
        var name = Unique("Space ");
        var space = new Space
        {
            Name = name, NormalizedName = name.ToUpperInvariant(), Slug = Unique("space-"), Visibility = visibility,
            Description = "A test space", CreatedById = admin.Id, CreatedAt = Clock.GetUtcNow().UtcDateTime,
        };
        space.Members.Add(new SpaceMembership { UserId = admin.Id, Role = SpaceRole.Admin, JoinedAt = space.CreatedAt });
        foreach (var m in members) space.Members.Add(new SpaceMembership { UserId = m.Id, Role = SpaceRole.Member, JoinedAt = space.CreatedAt });
        return await WithDbAsync(async db =>
        {
            db.Spaces.Add(space);
            await db.SaveChangesAsync();
            return space;
        });
    }

    public async Task<TestClient> LoginAsync(User user)
    {
        var client = NewClient();
        await client.LoginAsync(user.Email!, Password);
        return client;
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("FOYER_TEST_POSTGRES"));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

public sealed class SqliteApp() : FoyerApp(DatabaseProvider.Sqlite);
public sealed class PostgresApp() : FoyerApp(DatabaseProvider.Postgres);

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>
{
    public const string Name = "sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp>
{
    public const string Name = "postgres";
}
