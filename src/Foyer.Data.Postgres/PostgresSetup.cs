using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Foyer.Data.Postgres;

public static class PostgresSetup
{
    public static DbContextOptionsBuilder UseFoyerPostgres(this DbContextOptionsBuilder options, string connectionString)
    {
        return options.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(PostgresSetup).Assembly.GetName().Name));
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<FoyerDbContext>
{
    public FoyerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<FoyerDbContext>().UseFoyerPostgres("Host=localhost;Database=foyer_design");
        return new FoyerDbContext((DbContextOptions<FoyerDbContext>)options.Options);
    }
}
