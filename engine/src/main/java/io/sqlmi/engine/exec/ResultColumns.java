package io.sqlmi.engine.exec;

import io.sqlmi.tds.types.Column;
import io.sqlmi.tds.types.ColumnType;
import java.math.BigDecimal;
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
 * SMALLINT domain) read as smallint; datetime reads as datetime2(3); values of Java functions that
 * return Object (SERVERPROPERTY...) are sql_variant. A decimal whose scale H2 leaves open (the
 * SQLMI_SUM / SQLMI_AVG aggregates, which keep their argument's scale) takes its scale from the
 * first non-NULL values, as SQL Server's SUM(decimal(p, s)) is decimal(38, s).
 */
public final class ResultColumns {
    /** Rows read ahead, at most, to learn an open decimal scale. */
    static final int SCALE_SAMPLE_ROWS = 64;
    /** H2's type of a NUMERIC of unknown precision and scale. */
    private static final int OPEN_PRECISION = 100_000;
    /** The scale of an open decimal column whose sampled values are all NULL. */
    private static final int FALLBACK_SCALE = 10;

    private final List<Column> columns;
    private final ValueReader[] readers;
    private final int[] openScales;

    private ResultColumns(List<Column> columns, ValueReader[] readers, int[] openScales) {
        this.columns = columns;
        this.readers = readers;
        this.openScales = openScales;
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

    /** Whether some decimal column's scale must be learnt from values before COLMETADATA can be sent. */
    boolean needsValues() {
        for (int scale : openScales) {
            if (scale == -1) {
                return true;
            }
        }
        return false;
    }

    /** Learns open scales from a row; true once every open column has one. */
    boolean settle(Object[] row) {
        boolean all = true;
        for (int i = 0; i < openScales.length; i++) {
            if (openScales[i] == -1) {
                if (row[i] instanceof BigDecimal decimal) {
                    openScales[i] = Math.max(0, Math.min(ColumnType.MAX_DECIMAL_PRECISION, decimal.scale()));
                } else {
                    all = false;
                }
            }
        }
        return all;
    }

    /** The columns with every open decimal scale decided. */
    ResultColumns settled() {
        List<Column> fixed = new ArrayList<>(columns);
        for (int i = 0; i < openScales.length; i++) {
            if (openScales[i] != -2) {
                int scale = openScales[i] == -1 ? FALLBACK_SCALE : openScales[i];
                Column column = fixed.get(i);
                fixed.set(i, new Column(column.name(), ColumnType.decimal(ColumnType.MAX_DECIMAL_PRECISION, scale),
                        column.nullable()));
                openScales[i] = -2;
            }
        }
        return new ResultColumns(List.copyOf(fixed), readers, openScales);
    }

    public static ResultColumns describe(ResultSetMetaData metadata) throws SQLException {
        int count = metadata.getColumnCount();
        List<Column> columns = new ArrayList<>(count);
        ValueReader[] readers = new ValueReader[count];
        int[] openScales = new int[count];
        for (int i = 1; i <= count; i++) {
            int precision = metadata.getPrecision(i);
            int jdbcType = metadata.getColumnType(i);
            Mapping mapping = map(jdbcType, metadata.getColumnTypeName(i), precision, metadata.getScale(i));
            boolean nullable = metadata.isNullable(i) != ResultSetMetaData.columnNoNulls;
            columns.add(new Column(metadata.getColumnLabel(i), mapping.type, nullable));
            readers[i - 1] = mapping.reader;
            boolean open = (jdbcType == Types.NUMERIC || jdbcType == Types.DECIMAL) && precision >= OPEN_PRECISION;
            openScales[i - 1] = open ? -1 : -2;
        }
        return new ResultColumns(List.copyOf(columns), readers, openScales);
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
                if (name.equals("DECFLOAT")) {
                    return new Mapping(ColumnType.floating(8), (r, i) -> {
                        double value = r.getDouble(i);
                        return r.wasNull() ? null : value;
                    });
                }
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
            case Types.JAVA_OBJECT, Types.OTHER:
                return new Mapping(ColumnType.variant(), (r, i) -> r.getObject(i));
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
