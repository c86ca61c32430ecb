using System.Data.Common;
using Foyer.Data;
using Foyer.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Foyer.Web.Infrastructure.Database;

/// <summary>
/// Runs the few hand-written read queries (stream page, wiki page view) on SQLite and PostgreSQL alike. On a SQLite
/// file outside a transaction they go to <see cref="SqlitePreparedReads"/>, which keeps them prepared; otherwise they
/// share EF's connection, so its interceptors (SQLite's pragmas) run and an open transaction sees its own writes.
/// </summary>
public static class HandWrittenReads
{
    /// <summary>Every row of every statement in <paramref name="sql"/> (a command may hold several SELECTs), in order.</summary>
    public static async Task<List<T>> ReadAsync<T>(FoyerDbContext db, SqlitePreparedReads? preparedReads, string sql,
        IReadOnlyList<KeyValuePair<string, object>> parameters, Func<DbDataReader, T> read, bool keep = true,
        bool prepareOnServer = false, CancellationToken cancellationToken = default)
    {
        var connectionString = db.Database.GetConnectionString();
        if (preparedReads is not null && db.Database.IsSqlite() && db.Database.CurrentTransaction is null &&
            SqlitePreparedReads.Supports(connectionString))
        {
            return await preparedReads.ReadAsync(connectionString!, sql, parameters, read, keep, cancellationToken);
        }
        var rows = new List<T>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            command.AddParameters(parameters);
            // A server keeps a prepared statement per pooled connection (Npgsql finds it again by its text), so only
            // statements whose texts are few are prepared: the caller says so.
            if (prepareOnServer) await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return rows;
    }
}
