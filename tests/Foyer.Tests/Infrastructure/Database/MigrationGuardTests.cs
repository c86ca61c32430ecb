using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Infrastructure.Database;

/// <summary>The model and the provider's migrations agree: a model change without its migration fails here.</summary>
public abstract class MigrationGuardTests(FoyerApp app)
{
    [Fact]
    public async Task The_model_has_no_changes_without_a_migration()
    {
        var pending = await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));
        Assert.False(pending, $"The model changed without a migration for {app.Provider}: run scripts/add-migration.sh.");
    }

    [Fact]
    public async Task Every_migration_is_applied_at_startup()
    {
        var pending = await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync());
        Assert.Empty(pending);
        Assert.NotEmpty(await app.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MigrationGuardSqliteTests(SqliteApp app) : MigrationGuardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MigrationGuardPostgresTests(PostgresApp app) : MigrationGuardTests(app);
