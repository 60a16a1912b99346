package io.sqlmi.engine.exec;

import io.sqlmi.tds.types.Column;
import io.sqlmi.tds.types.ColumnType;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * How an H2 result set's columns go on the wire: the TDS type for each H2 type, and a reader that
 * takes the value out of the row as the Java type the encoder expects. H2 has no separate
 * varchar/nvarchar, so all text is described as nvarchar (lossless); tinyint columns (an H2
 * SMALLINT domain) read as smallint; datetime reads as datetime2(3).
 */
public final class ResultColumns {
    private final List<Column> columns;
    private final ValueReader[] readers;

    private ResultColumns(List<Column> columns, ValueReader[] readers) {
        this.columns = columns;
        this.readers = readers;
    }

    @FunctionalInterface
    interface ValueReader {
        Object read(ResultSet rows, int index) throws SQLException;
    }

    public List<Column> columns() {
        return columns;
    }

    public Object[] read(ResultSet rows) throws SQLException {
        Object[] values = new Object[readers.length];
        for (int i = 0; i < readers.length; i++) {
            values[i] = readers[i].read(rows, i + 1);
        }
        return values;
    }

    public static ResultColumns describe(ResultSetMetaData metadata) throws SQLException {
        int count = metadata.getColumnCount();
        List<Column> columns = new ArrayList<>(count);
        ValueReader[] readers = new ValueReader[count];
        for (int i = 1; i <= count; i++) {
            Mapping mapping = map(metadata.getColumnType(i), metadata.getColumnTypeName(i), metadata.getPrecision(i),
                    metadata.getScale(i));
            boolean nullable = metadata.isNullable(i) != ResultSetMetaData.columnNoNulls;
            columns.add(new Column(metadata.getColumnLabel(i), mapping.type, nullable));
            readers[i - 1] = mapping.reader;
        }
        return new ResultColumns(List.copyOf(columns), readers);
    }

    private record Mapping(ColumnType type, ValueReader reader) {
    }

    static Mapping map(int jdbcType, String typeName, int precision, int scale) {
        String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        if (name.equals("UUID")) {
            return new Mapping(ColumnType.guid(), (r, i) -> r.getObject(i, UUID.class));
        }
        switch (jdbcType) {
            case Types.BOOLEAN, Types.BIT:
                return new Mapping(ColumnType.bit(), (r, i) -> {
                    boolean value = r.getBoolean(i);
                    return r.wasNull() ? null : value;
                });
            case Types.TINYINT, Types.SMALLINT:
                return new Mapping(ColumnType.integer(2), (r, i) -> {
                    short value = r.getShort(i);
                    return r.wasNull() ? null : value;
                });
            case Types.INTEGER, Types.NULL:
                return new Mapping(ColumnType.integer(4), (r, i) -> {
                    int value = r.getInt(i);
                    return r.wasNull() ? null : value;
                });
            case Types.BIGINT:
                return new Mapping(ColumnType.integer(8), (r, i) -> {
                    long value = r.getLong(i);
                    return r.wasNull() ? null : value;
                });
            case Types.NUMERIC, Types.DECIMAL: {
                ColumnType type = decimalType(precision, scale);
                return new Mapping(type, (r, i) -> r.getBigDecimal(i));
            }
            case Types.REAL:
                return new Mapping(ColumnType.floating(4), (r, i) -> {
                    float value = r.getFloat(i);
                    return r.wasNull() ? null : value;
                });
            case Types.FLOAT, Types.DOUBLE:
                return new Mapping(ColumnType.floating(8), (r, i) -> {
                    double value = r.getDouble(i);
                    return r.wasNull() ? null : value;
                });
            case Types.CHAR, Types.NCHAR:
                return new Mapping(ColumnType.nchar(precision), (r, i) -> r.getString(i));
            case Types.VARCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB:
                return new Mapping(ColumnType.nvarchar(precision), (r, i) -> r.getString(i));
            case Types.BINARY:
                return new Mapping(ColumnType.binary(precision), (r, i) -> r.getBytes(i));
            case Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB:
                return new Mapping(ColumnType.varbinary(precision), (r, i) -> r.getBytes(i));
            case Types.DATE:
                return new Mapping(ColumnType.date(), (r, i) -> r.getObject(i, LocalDate.class));
            case Types.TIME:
                return new Mapping(ColumnType.time(scale), (r, i) -> r.getObject(i, LocalTime.class));
            case Types.TIMESTAMP:
                return new Mapping(ColumnType.datetime2(scale), (r, i) -> r.getObject(i, LocalDateTime.class));
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return new Mapping(ColumnType.datetimeOffset(scale), (r, i) -> r.getObject(i, OffsetDateTime.class));
            case Types.TIME_WITH_TIMEZONE:
                return new Mapping(ColumnType.time(scale), (r, i) -> {
                    java.time.OffsetTime time = r.getObject(i, java.time.OffsetTime.class);
                    return time == null ? null : time.toLocalTime();
                });
            default:
                return new Mapping(ColumnType.nvarcharMax(), (r, i) -> r.getString(i));
        }
    }

    /** SQL Server's decimals stop at precision 38; H2's computed ones can be wider. */
    private static ColumnType decimalType(int precision, int scale) {
        int s = Math.max(0, scale);
        int p = Math.max(precision, s);
        if (p > ColumnType.MAX_DECIMAL_PRECISION) {
            int integerDigits = Math.max(1, p - s);
            p = ColumnType.MAX_DECIMAL_PRECISION;
            s = Math.max(0, Math.min(s, p - Math.min(integerDigits, 18)));
        }
        return ColumnType.decimal(Math.max(1, p), s);
    }

}
