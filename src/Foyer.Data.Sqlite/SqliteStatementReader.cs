using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Foyer.Data.Sqlite;

/// <summary>
/// One SQL text prepared on one connection, kept for reuse: every statement in it (a command may hold several SELECTs)
/// with the names of its parameters. Owned by a <see cref="SqlitePreparedReads"/> lease, which finalises it before it
/// closes the connection.
/// </summary>
internal sealed unsafe class PreparedSql : IDisposable
{
    private readonly IntPtr _db;
    private readonly IntPtr[] _statements;
    private readonly string?[][] _parameterNames;

    private PreparedSql(IntPtr db, IntPtr[] statements, string?[][] parameterNames)
    {
        _db = db;
        _statements = statements;
        _parameterNames = parameterNames;
    }

    public static PreparedSql Prepare(SqliteConnection connection, string sql)
    {
        var db = connection.Handle!.DangerousGetHandle();
        var statements = new List<IntPtr>();
        var utf8 = Encoding.UTF8.GetBytes(sql);
        try
        {
            fixed (byte* start = utf8)
            {
                var rest = start;
                var end = start + utf8.Length;
                while (rest < end)
                {
                    var rc = SqliteNative.sqlite3_prepare_v3(db, rest, (int)(end - rest), SqliteNative.PreparePersistent, out var statement, out var tail);
                    if (rc != SqliteNative.Ok) throw Error(db, rc);
                    // Whitespace or a comment after the last semicolon prepares to no statement at all.
                    if (statement != IntPtr.Zero) statements.Add(statement);
                    if (tail is null || tail <= rest) break;
                    rest = tail;
                }
            }
        }
        catch
        {
            foreach (var statement in statements) _ = SqliteNative.sqlite3_finalize(statement);
            throw;
        }
        var names = statements.Select(s =>
        {
            var count = SqliteNative.sqlite3_bind_parameter_count(s);
            var list = new string?[count];
            for (var i = 0; i < count; i++) list[i] = SqliteNative.Utf8(SqliteNative.sqlite3_bind_parameter_name(s, i + 1));
            return list;
        }).ToArray();
        return new PreparedSql(db, [.. statements], names);
    }

    /// <summary>
    /// Binds the parameters by name (with or without their @, : or $) to every statement that uses them, and refuses
    /// to run a statement with a parameter nobody gave a value for, as Microsoft.Data.Sqlite does.
    /// </summary>
    public SqliteStatementReader Execute(IReadOnlyList<KeyValuePair<string, object>> parameters)
    {
        for (var s = 0; s < _statements.Length; s++)
        {
            var statement = _statements[s];
            _ = SqliteNative.sqlite3_reset(statement);
            _ = SqliteNative.sqlite3_clear_bindings(statement);
            var names = _parameterNames[s];
            for (var i = 0; i < names.Length; i++)
            {
                var name = names[i] ?? throw new InvalidOperationException("Positional parameters (?) are not supported here; name them.");
                if (!TryFind(parameters, name, out var value))
                {
                    throw new InvalidOperationException($"Must add values for the following parameters: {name}");
                }
                Bind(statement, i + 1, value);
            }
        }
        return new SqliteStatementReader(_db, _statements);
    }

    private static bool TryFind(IReadOnlyList<KeyValuePair<string, object>> parameters, string name, out object? value)
    {
        foreach (var (key, v) in parameters)
        {
            if (string.Equals(key, name, StringComparison.Ordinal) ||
                (key.Length == name.Length - 1 && name.AsSpan(1).SequenceEqual(key)))
            {
                value = v;
                return true;
            }
        }
        value = null;
        return false;
    }

    private void Bind(IntPtr statement, int index, object? value)
    {
        int rc;
        switch (value)
        {
            case null or DBNull:
                rc = SqliteNative.sqlite3_bind_null(statement, index);
                break;
            case long l: rc = SqliteNative.sqlite3_bind_int64(statement, index, l); break;
            case int i: rc = SqliteNative.sqlite3_bind_int64(statement, index, i); break;
            case short sh: rc = SqliteNative.sqlite3_bind_int64(statement, index, sh); break;
            case byte b: rc = SqliteNative.sqlite3_bind_int64(statement, index, b); break;
            case bool flag: rc = SqliteNative.sqlite3_bind_int64(statement, index, flag ? 1 : 0); break;
            case Enum e: rc = SqliteNative.sqlite3_bind_int64(statement, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)); break;
            case double d: rc = SqliteNative.sqlite3_bind_double(statement, index, d); break;
            case float f: rc = SqliteNative.sqlite3_bind_double(statement, index, f); break;
            // The text forms Microsoft.Data.Sqlite and EF Core write, so comparisons with stored values hold.
            case DateTime dt: rc = BindText(statement, index, dt.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset dto: rc = BindText(statement, index, dto.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)); break;
            case decimal m: rc = BindText(statement, index, m.ToString("0.0###########################", CultureInfo.InvariantCulture)); break;
            case string text: rc = BindText(statement, index, text); break;
            case byte[] bytes:
                fixed (byte* p = bytes) rc = SqliteNative.sqlite3_bind_blob(statement, index, p, bytes.Length, SqliteNative.Transient);
                break;
            default:
                throw new NotSupportedException($"A parameter of type {value.GetType().Name} cannot be bound to a prepared read.");
        }
        if (rc != SqliteNative.Ok) throw Error(_db, rc);
    }

    private static int BindText(IntPtr statement, int index, string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = max <= 512 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(max);
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[512];
            var length = Encoding.UTF8.GetBytes(text, buffer);
            fixed (byte* p = buffer)
            {
                // SQLITE_TRANSIENT: SQLite copies the text, so the buffer can go back to the pool right away.
                return SqliteNative.sqlite3_bind_text(statement, index, p, length, SqliteNative.Transient);
            }
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    internal static SqliteException Error(IntPtr db, int rc) =>
        new(SqliteNative.Utf8(SqliteNative.sqlite3_errmsg(db)) ?? $"SQLite error {rc}", rc);

    public void Dispose()
    {
        foreach (var statement in _statements) _ = SqliteNative.sqlite3_finalize(statement);
    }
}

/// <summary>
/// A forward-only reader over the statements of a <see cref="PreparedSql"/>, reading columns straight from SQLite.
/// Column types follow SQLite's storage classes like Microsoft.Data.Sqlite's reader: integers, reals, text, blobs and
/// dates stored as text (EF Core's format), Julian day numbers or Unix seconds. Disposing resets the statements, which
/// ends their read transaction and keeps them for the next call.
/// </summary>
internal sealed unsafe class SqliteStatementReader : DbDataReader
{
    private readonly IntPtr _db;
    private readonly IntPtr[] _statements;
    private int _index;
    private IntPtr _current;
    private bool _pendingRow;
    private bool _hasRows;
    private bool _onRow;
    private bool _closed;
    private int _columns;

    internal SqliteStatementReader(IntPtr db, IntPtr[] statements)
    {
        _db = db;
        _statements = statements;
        _index = -1;
        NextResult();
    }

    /// <summary>Steps the current statement once; its first row is kept for <see cref="Read"/>, which also answers <see cref="HasRows"/>.</summary>
    private bool Step()
    {
        var rc = SqliteNative.sqlite3_step(_current);
        if (rc == SqliteNative.Row) return true;
        if (rc == SqliteNative.Done) return false;
        var error = PreparedSql.Error(_db, rc);
        _ = SqliteNative.sqlite3_reset(_current);
        throw error;
    }

    public override bool NextResult()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _onRow = false;
        if (_index + 1 >= _statements.Length)
        {
            _index = _statements.Length;
            _current = IntPtr.Zero;
            _columns = 0;
            _pendingRow = _hasRows = false;
            return false;
        }
        if (_current != IntPtr.Zero) _ = SqliteNative.sqlite3_reset(_current);
        _current = _statements[++_index];
        _columns = SqliteNative.sqlite3_column_count(_current);
        _pendingRow = _hasRows = Step();
        return true;
    }

    public override bool Read()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_current == IntPtr.Zero) return _onRow = false;
        if (_pendingRow)
        {
            _pendingRow = false;
            return _onRow = true;
        }
        return _onRow = _onRow && Step();
    }

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<bool>(cancellationToken) : Read() ? TrueTask : FalseTask;

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<bool>(cancellationToken) : NextResult() ? TrueTask : FalseTask;

    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);

    private IntPtr Row(int ordinal)
    {
        if (!_onRow) throw new InvalidOperationException(_closed ? "The reader is closed." : "No current row: call Read first.");
        if ((uint)ordinal >= (uint)_columns) throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, "No such column.");
        return _current;
    }

    private IntPtr NotNull(int ordinal)
    {
        var statement = Row(ordinal);
        if (SqliteNative.sqlite3_column_type(statement, ordinal) == SqliteNative.Null)
        {
            throw new InvalidCastException($"Column {ordinal} ({GetName(ordinal)}) is NULL; check IsDBNull first.");
        }
        return statement;
    }

    public override int FieldCount => _columns;
    public override bool HasRows => _hasRows;
    public override bool IsClosed => _closed;
    public override int RecordsAffected => -1;
    public override int Depth => 0;
    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool IsDBNull(int ordinal) => SqliteNative.sqlite3_column_type(Row(ordinal), ordinal) == SqliteNative.Null;

    public override long GetInt64(int ordinal) => SqliteNative.sqlite3_column_int64(NotNull(ordinal), ordinal);
    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));
    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));
    public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));
    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;
    public override double GetDouble(int ordinal) => SqliteNative.sqlite3_column_double(NotNull(ordinal), ordinal);
    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);
    public override decimal GetDecimal(int ordinal)
    {
        var statement = NotNull(ordinal);
        return SqliteNative.sqlite3_column_type(statement, ordinal) == SqliteNative.Text
            ? decimal.Parse(GetString(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
            : (decimal)SqliteNative.sqlite3_column_double(statement, ordinal);
    }

    public override string GetString(int ordinal)
    {
        var statement = NotNull(ordinal);
        var text = SqliteNative.sqlite3_column_text(statement, ordinal);
        var length = SqliteNative.sqlite3_column_bytes(statement, ordinal);
        return length == 0 ? "" : Encoding.UTF8.GetString(text, length);
    }

    public override char GetChar(int ordinal)
    {
        var statement = NotNull(ordinal);
        return SqliteNative.sqlite3_column_type(statement, ordinal) == SqliteNative.Text ? GetString(ordinal)[0] : (char)GetInt64(ordinal);
    }

    public override Guid GetGuid(int ordinal)
    {
        var statement = NotNull(ordinal);
        if (SqliteNative.sqlite3_column_type(statement, ordinal) == SqliteNative.Blob && SqliteNative.sqlite3_column_bytes(statement, ordinal) == 16)
        {
            return new Guid(new ReadOnlySpan<byte>(SqliteNative.sqlite3_column_blob(statement, ordinal), 16));
        }
        return Guid.Parse(GetString(ordinal));
    }

    public override DateTime GetDateTime(int ordinal)
    {
        var statement = NotNull(ordinal);
        switch (SqliteNative.sqlite3_column_type(statement, ordinal))
        {
            case SqliteNative.Float:
                // A Julian day number, as SQLite's julianday() returns it.
                return DateTime.FromOADate(SqliteNative.sqlite3_column_double(statement, ordinal) - 2415018.5);
            case SqliteNative.Integer:
                return DateTime.UnixEpoch.AddSeconds(SqliteNative.sqlite3_column_int64(statement, ordinal));
            default:
                var text = SqliteNative.sqlite3_column_text(statement, ordinal);
                var length = SqliteNative.sqlite3_column_bytes(statement, ordinal);
                var span = new ReadOnlySpan<byte>(text, length);
                return TryParseStoredDate(span, out var value)
                    ? value
                    : DateTime.Parse(Encoding.UTF8.GetString(span), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// The form EF Core and Microsoft.Data.Sqlite store, "yyyy-MM-dd HH:mm:ss" with up to seven fraction digits, read
    /// without the general parser (which cost as much as the rest of a stream row); anything else goes to DateTime.Parse.
    /// </summary>
    internal static bool TryParseStoredDate(ReadOnlySpan<byte> s, out DateTime value)
    {
        value = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day) ||
            !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second)) return false;
        long ticks = 0;
        if (s.Length > 19)
        {
            var digits = s.Length - 20;
            if (s[19] != '.' || digits < 1 || digits > 7 || !Digits(s, 20, digits, out var fraction)) return false;
            ticks = fraction;
            for (var i = digits; i < 7; i++) ticks *= 10;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var statement = NotNull(ordinal);
        var blob = SqliteNative.sqlite3_column_blob(statement, ordinal);
        var size = SqliteNative.sqlite3_column_bytes(statement, ordinal);
        if (buffer is null) return size;
        var available = Math.Max(0, size - dataOffset);
        var count = (int)Math.Min(available, length);
        new ReadOnlySpan<byte>(blob + dataOffset, count).CopyTo(buffer.AsSpan(bufferOffset, count));
        return count;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null) return text.Length;
        var count = (int)Math.Min(Math.Max(0, text.Length - dataOffset), length);
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override object GetValue(int ordinal)
    {
        var statement = Row(ordinal);
        return SqliteNative.sqlite3_column_type(statement, ordinal) switch
        {
            SqliteNative.Integer => SqliteNative.sqlite3_column_int64(statement, ordinal),
            SqliteNative.Float => SqliteNative.sqlite3_column_double(statement, ordinal),
            SqliteNative.Text => GetString(ordinal),
            SqliteNative.Blob => new ReadOnlySpan<byte>(SqliteNative.sqlite3_column_blob(statement, ordinal), SqliteNative.sqlite3_column_bytes(statement, ordinal)).ToArray(),
            _ => DBNull.Value,
        };
    }

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++) values[i] = GetValue(i);
        return count;
    }

    public override string GetName(int ordinal)
    {
        if ((uint)ordinal >= (uint)_columns)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, "No such column.");
        }
        return SqliteNative.Utf8(SqliteNative.sqlite3_column_name(_current, ordinal)) ?? "";
    }

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < FieldCount; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.Ordinal)) return i;
        }
        for (var i = 0; i < FieldCount; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new ArgumentException($"No column named '{name}'.", nameof(name));
    }

    public override string GetDataTypeName(int ordinal)
    {
        if (_current == IntPtr.Zero) throw new InvalidOperationException("No current result.");
        var declared = SqliteNative.Utf8(SqliteNative.sqlite3_column_decltype(_current, ordinal));
        if (!string.IsNullOrEmpty(declared)) return declared;
        return _onRow ? SqliteNative.sqlite3_column_type(_current, ordinal) switch
        {
            SqliteNative.Integer => "INTEGER",
            SqliteNative.Float => "REAL",
            SqliteNative.Text => "TEXT",
            SqliteNative.Blob => "BLOB",
            _ => "NULL",
        } : "BLOB";
    }

    public override Type GetFieldType(int ordinal) => GetDataTypeName(ordinal).ToUpperInvariant() switch
    {
        var t when t.Contains("INT", StringComparison.Ordinal) => typeof(long),
        var t when t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal) => typeof(string),
        var t when t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal) => typeof(double),
        "NULL" => typeof(DBNull),
        _ => typeof(byte[]),
    };

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override void Close()
    {
        if (_closed) return;
        _closed = true;
        _onRow = false;
        // Reset ends the statement's read transaction (a statement left mid-way would hold back WAL checkpoints);
        // the bindings go too, so no value outlives its call.
        foreach (var statement in _statements)
        {
            _ = SqliteNative.sqlite3_reset(statement);
            _ = SqliteNative.sqlite3_clear_bindings(statement);
        }
        _current = IntPtr.Zero;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }
}
