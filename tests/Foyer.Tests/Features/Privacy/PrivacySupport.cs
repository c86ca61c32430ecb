using System.Data.Common;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Infrastructure.Database;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Foyer.Tests.Features.Privacy;

public static class PrivacySupport
{
    /// <summary>Runs the outbox until the given topic has nothing waiting.</summary>
    public static async Task DrainAsync(this FoyerApp app, string topicPrefix)
    {
        var dispatcher = app.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        for (var i = 0; i < 200; i++)
        {
            await dispatcher.RunOnceAsync(CancellationToken.None);
            if (!await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.ProcessedAt == null && !m.Failed && m.Topic.StartsWith(topicPrefix)))) return;
            await Task.Delay(25);
        }
        throw new TimeoutException($"outbox work for {topicPrefix} did not finish");
    }

    /// <summary>
    /// Every row of every table whose text (any text column, tsvectors included) contains one of the needles, case-insensitively:
    /// "table.column" for each place found.
    /// </summary>
    public static Task<List<string>> FindTracesAsync(this FoyerApp app, params string[] needles) => app.WithDbAsync(async db =>
    {
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var columns = new List<(string Table, string Column)>();
        var sqlite = app.Provider == DatabaseProvider.Sqlite;
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = sqlite
                ? """
                  SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                  WHERE m.type = 'table' AND (p.type LIKE '%TEXT%' OR p.type LIKE '%CHAR%' OR p.type = '')
                  """
                : """
                  SELECT table_name, column_name FROM information_schema.columns
                  WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'tsvector', 'character')
                  """;
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add((reader.GetString(0), reader.GetString(1)));
        }
        Assert.True(columns.Count > 50, $"only {columns.Count} text columns found: the scan itself is broken");
        foreach (var (table, column) in columns)
        {
            foreach (var needle in needles)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sqlite
                    ? $"SELECT COUNT(*) FROM \"{table}\" WHERE instr(lower(CAST(\"{column}\" AS TEXT)), lower(@n)) > 0"
                    : $"SELECT COUNT(*) FROM \"{table}\" WHERE strpos(lower(\"{column}\"::text), lower(@n)) > 0";
                DbCommandParameters.AddParameter(command, "@n", needle);
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0) found.Add($"{table}.{column} ({needle})");
            }
        }
        return found;
    });
}
