using System.ComponentModel.DataAnnotations;
using Foyer.Data;
using Foyer.Data.Postgres;
using Foyer.Data.Sqlite;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Infrastructure.Database;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/foyer.db";
}

public static class DatabaseSetup
{
    public static WebApplicationBuilder AddFoyerDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration("Database").ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
        builder.Services.AddSingleton<AudienceCache>();
        builder.Services.AddSingleton<AudienceChangeInterceptor>();
        builder.Services.AddDbContextPool<FoyerDbContext>((services, o) =>
        {
            Configure(o, options);
            o.AddInterceptors(services.GetRequiredService<AudienceChangeInterceptor>(), services.GetRequiredService<Foyer.Web.Infrastructure.Links.LinkPreviewInterceptor>(),
                services.GetRequiredService<Foyer.Web.Features.Notifications.NotificationInterceptor>(),
                services.GetRequiredService<Foyer.Web.Features.Search.SearchIndexInterceptor>());
        });
        return builder;
    }

    public static void Configure(DbContextOptionsBuilder o, DatabaseOptions options)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                o.UseFoyerPostgres(options.ConnectionString);
                break;
            default:
                SqliteSetup.EnsureDirectory(options.ConnectionString);
                o.UseFoyerSqlite(options.ConnectionString);
                break;
        }
    }

    /// <summary>Creates or upgrades the schema before the first request; a fresh install needs nothing else.</summary>
    public static async Task MigrateFoyerDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoyerDbContext>();
        // A migration may rewrite a large table or build an index over it (minutes for a million search documents):
        // the usual 30 seconds per command are for requests, not for upgrades.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize;");
        }
    }
}
