using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Foyer.Data.Sqlite;

/// <summary>
/// The few SQLite entry points <see cref="SqliteStatementReader"/> calls, on the same e_sqlite3 library that
/// SQLitePCLRaw loads, with plain pointers. SQLitePCLRaw passes every statement as a SafeHandle, so each column read
/// costs two interlocked reference count changes besides the call itself; a page of the stream reads several hundred
/// columns, and those changes were a twentieth of its CPU (bench/Foyer.Bench under perf).
/// </summary>
/// <remarks>
/// The column accessors only read the current row of a statement (no I/O, no locks in multi-thread mode, no callbacks),
/// so they skip the GC transition. Stepping, preparing, resetting and finalising do I/O or take locks and keep it.
/// </remarks>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    public const int Ok = 0;
    public const int Row = 100;
    public const int Done = 101;
    public const int Integer = 1;
    public const int Float = 2;
    public const int Text = 3;
    public const int Blob = 4;
    public const int Null = 5;
    /// <summary>SQLITE_PREPARE_PERSISTENT: the statement is kept for a long time and reused.</summary>
    public const uint PreparePersistent = 0x01;
    /// <summary>SQLITE_TRANSIENT: SQLite copies bound text before the call returns.</summary>
    public static readonly IntPtr Transient = new(-1);

    [LibraryImport(Library)]
    public static partial int sqlite3_prepare_v3(IntPtr db, byte* sql, int bytes, uint flags, out IntPtr statement, out byte* tail);

    [LibraryImport(Library)]
    public static partial int sqlite3_step(IntPtr statement);

    [LibraryImport(Library)]
    public static partial int sqlite3_reset(IntPtr statement);

    [LibraryImport(Library)]
    public static partial int sqlite3_clear_bindings(IntPtr statement);

    [LibraryImport(Library)]
    public static partial int sqlite3_finalize(IntPtr statement);

    [LibraryImport(Library)]
    public static partial byte* sqlite3_errmsg(IntPtr db);

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_parameter_count(IntPtr statement);

    [LibraryImport(Library)]
    public static partial byte* sqlite3_bind_parameter_name(IntPtr statement, int index);

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_int64(IntPtr statement, int index, long value);

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_double(IntPtr statement, int index, double value);

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_null(IntPtr statement, int index);

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_text(IntPtr statement, int index, byte* text, int bytes, IntPtr destructor);

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_blob(IntPtr statement, int index, byte* data, int bytes, IntPtr destructor);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_column_count(IntPtr statement);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial byte* sqlite3_column_name(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial byte* sqlite3_column_decltype(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_column_type(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial long sqlite3_column_int64(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial double sqlite3_column_double(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial byte* sqlite3_column_text(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial byte* sqlite3_column_blob(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_column_bytes(IntPtr statement, int column);

    [LibraryImport(Library)]
    public static partial int sqlite3_bind_pointer(IntPtr statement, int index, void* pointer, byte* type, IntPtr destructor);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial void* sqlite3_value_blob(IntPtr value);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_value_bytes(IntPtr value);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial double sqlite3_value_double(IntPtr value);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial long sqlite3_value_int64(IntPtr value);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial void sqlite3_result_double(IntPtr context, double value);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial void sqlite3_result_null(IntPtr context);

    [LibraryImport(Library)]
    public static partial void sqlite3_result_error(IntPtr context, byte* message, int bytes);

    [LibraryImport(Library)]
    public static partial void sqlite3_result_error_nomem(IntPtr context);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string? Utf8(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((IntPtr)text);
}
