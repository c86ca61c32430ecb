using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Foyer.Data.Sqlite;

/// <summary>
/// <c>foyer_rank(fts, frequencies, rows, weight...)</c>: FTS5's bm25 with the document frequency of each phrase given by the
/// caller instead of counted by FTS5. bm25 counts, once per query, the documents of every phrase of the expression (all
/// of a word's list, for every alternative and compound the query stands for: ten common words cost 12 ms on a
/// million documents, bench/Foyer.Bench search); the frequencies change slowly and the search keeps them
/// (SqliteSearchEngine). The score is bm25's to the last digit when the frequencies are exact (a test compares them).
/// </summary>
/// <remarks>
/// <c>frequencies</c> is a blob of one double per phrase of the MATCH expression, in its order; <c>rows</c> how many
/// rows of the query are scored (those after them get NULL at no cost: one pass both ranks the newest rows and counts
/// the rest); the weights are per column as for bm25 (1.0 for those left out). Registered on every SQLite connection
/// Foyer opens.
/// </remarks>
public static unsafe class SqliteSearchRank
{
    public const string Function = "foyer_rank";

    /// <summary>bm25's constants in FTS5 (fts5_aux.c).</summary>
    private const double K1 = 1.2;
    private const double B = 0.75;

    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5Api
    {
        public int Version;
        public IntPtr CreateTokenizer;
        public IntPtr FindTokenizer;
        public delegate* unmanaged[Cdecl]<Fts5Api*, byte*, IntPtr, delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, IntPtr, IntPtr, int, IntPtr*, void>, IntPtr, int> CreateFunction;
    }

    /// <summary>The start of Fts5ExtensionApi (sqlite3.h), as far as bm25 needs it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5ExtensionApi
    {
        public int Version;
        public IntPtr UserData;
        public IntPtr ColumnCount;
        public delegate* unmanaged[Cdecl]<IntPtr, long*, int> RowCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, long*, int> ColumnTotalSize;
        public IntPtr Tokenize;
        public delegate* unmanaged[Cdecl]<IntPtr, int> PhraseCount;
        public IntPtr PhraseSize;
        public delegate* unmanaged[Cdecl]<IntPtr, int*, int> InstCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int*, int*, int> Inst;
        public IntPtr Rowid;
        public IntPtr ColumnText;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int> ColumnSize;
        public IntPtr QueryPhrase;
        public delegate* unmanaged[Cdecl]<IntPtr, void*, delegate* unmanaged[Cdecl]<void*, void>, int> SetAuxdata;
        public delegate* unmanaged[Cdecl]<IntPtr, int, void*> GetAuxdata;
    }

    /// <summary>The physical connections that have the function: FTS5 would add it again on every call.</summary>
    private static readonly ConditionalWeakTable<object, object> Registered = [];

    /// <summary>Makes <see cref="Function"/> known to FTS5 on this connection (once per physical connection).</summary>
    public static void Register(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        if (Registered.TryGetValue(handle, out _)) return;
        var db = handle.DangerousGetHandle();
        Fts5Api* api = null;
        IntPtr statement;
        byte* tail;
        var sql = "SELECT fts5(?1)"u8;
        fixed (byte* text = sql)
        {
            Check(db, SqliteNative.sqlite3_prepare_v3(db, text, sql.Length, 0, out statement, out tail));
        }
        try
        {
            fixed (byte* type = "fts5_api_ptr\0"u8)
            {
                Check(db, SqliteNative.sqlite3_bind_pointer(statement, 1, &api, type, IntPtr.Zero));
                var rc = SqliteNative.sqlite3_step(statement);
                if (rc != SqliteNative.Row && rc != SqliteNative.Done) Check(db, rc);
            }
        }
        finally
        {
            _ = SqliteNative.sqlite3_finalize(statement);
        }
        if (api is null || api->Version < 2) throw new InvalidOperationException("This SQLite has no FTS5.");
        fixed (byte* name = "foyer_rank\0"u8)
        {
            Check(db, api->CreateFunction(api, name, IntPtr.Zero, &Rank, IntPtr.Zero));
        }
        Registered.AddOrUpdate(handle, handle);
    }

    private static void Check(IntPtr db, int rc)
    {
        if (rc != SqliteNative.Ok) throw new SqliteException(SqliteNative.Utf8(SqliteNative.sqlite3_errmsg(db)) ?? $"SQLite error {rc}", rc);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Rank(Fts5ExtensionApi* api, IntPtr fts, IntPtr context, int count, IntPtr* values)
    {
        // Nothing may escape into SQLite's stack: an exception here would end the process.
        try
        {
            Score(api, fts, context, count, values);
        }
        catch (OutOfMemoryException)
        {
            SqliteNative.sqlite3_result_error_nomem(context);
        }
        catch (Exception)
        {
            Error(context, "foyer_rank failed."u8);
        }
    }

    private static void Score(Fts5ExtensionApi* api, IntPtr fts, IntPtr context, int count, IntPtr* values)
    {
        if (count < 2)
        {
            Error(context, "foyer_rank needs the phrases' document frequencies and the number of rows to score."u8);
            return;
        }
        // The rows scored so far by this query, kept with the query (freed with it).
        var scored = (long*)api->GetAuxdata(fts, 0);
        if (scored is null)
        {
            scored = (long*)NativeMemory.AllocZeroed(sizeof(long));
            // SQLite calls Free itself when it cannot keep the pointer.
            if (api->SetAuxdata(fts, scored, &Free) != SqliteNative.Ok)
            {
                Error(context, "foyer_rank could not keep its count."u8);
                return;
            }
        }
        if (++*scored > SqliteNative.sqlite3_value_int64(values[1]))
        {
            SqliteNative.sqlite3_result_null(context);
            return;
        }
        var phrases = api->PhraseCount(fts);
        var frequencies = (byte*)SqliteNative.sqlite3_value_blob(values[0]);
        if (SqliteNative.sqlite3_value_bytes(values[0]) != phrases * sizeof(double))
        {
            Error(context, "foyer_rank needs one document frequency for each phrase."u8);
            return;
        }
        long rows = 0, tokens = 0;
        if (api->RowCount(fts, &rows) != SqliteNative.Ok || api->ColumnTotalSize(fts, -1, &tokens) != SqliteNative.Ok)
        {
            Error(context, "foyer_rank could not read the index's size."u8);
            return;
        }
        var average = rows > 0 ? (double)tokens / rows : 1.0;
        if (average <= 0) average = 1.0;

        var found = phrases <= 256 ? stackalloc double[phrases] : new double[phrases];
        found.Clear();
        int instances;
        if (api->InstCount(fts, &instances) != SqliteNative.Ok)
        {
            Error(context, "foyer_rank could not read the matches."u8);
            return;
        }
        for (var i = 0; i < instances; i++)
        {
            int phrase, column, offset;
            if (api->Inst(fts, i, &phrase, &column, &offset) != SqliteNative.Ok) continue;
            found[phrase] += column + 2 < count ? SqliteNative.sqlite3_value_double(values[column + 2]) : 1.0;
        }
        int length;
        if (api->ColumnSize(fts, -1, &length) != SqliteNative.Ok) length = 0;

        var score = 0.0;
        for (var p = 0; p < phrases; p++)
        {
            if (found[p] == 0) continue;
            // A count kept from before documents were deleted may exceed the rows left: never a NaN score.
            var documents = Math.Clamp(Unsafe.ReadUnaligned<double>(frequencies + p * sizeof(double)), 0, rows);
            var idf = Math.Log((rows - documents + 0.5) / (documents + 0.5));
            if (!(idf > 0.0)) idf = 1e-6;
            score += idf * (found[p] * (K1 + 1.0)) / (found[p] + K1 * (1 - B + B * length / average));
        }
        SqliteNative.sqlite3_result_double(context, -1.0 * score);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Free(void* memory) => NativeMemory.Free(memory);

    private static void Error(IntPtr context, ReadOnlySpan<byte> message)
    {
        fixed (byte* text = message)
        {
            SqliteNative.sqlite3_result_error(context, text, message.Length);
        }
    }
}
