package io.sqlmi.engine.exec;

import io.sqlmi.tds.types.ColumnType;
import io.sqlmi.tds.types.DataType;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * An OUTPUT parameter goes back in the type the caller declared for it: the nullable form of the
 * TDS type it sent (INT4 as INTN(4), BIT as BITN, DATETIME as datetime2(3)...), with the value
 * converted to the Java type that type's encoder takes.
 */
final class OutputValues {
    private OutputValues() {
    }

    static ColumnType returnType(ColumnType sent) {
        return switch (sent.dataType()) {
            case DataType.INT1 -> ColumnType.integer(2);
            case DataType.INT2 -> ColumnType.integer(2);
            case DataType.INT4 -> ColumnType.integer(4);
            case DataType.INT8 -> ColumnType.integer(8);
            case DataType.INTN -> ColumnType.integer(Math.max(2, sent.maxLength()));
            case DataType.BIT, DataType.BITN -> ColumnType.bit();
            case DataType.FLT4 -> ColumnType.floating(4);
            case DataType.FLT8 -> ColumnType.floating(8);
            case DataType.FLTN -> ColumnType.floating(sent.maxLength());
            case DataType.MONEY, DataType.MONEY4, DataType.MONEYN -> ColumnType.decimal(19, 4);
            case DataType.DECIMALN, DataType.NUMERICN, DataType.DECIMAL, DataType.NUMERIC ->
                ColumnType.decimal(sent.precision(), sent.scale());
            case DataType.DATETIME, DataType.DATETIME4, DataType.DATETIMN -> ColumnType.datetime2(3);
            case DataType.DATEN, DataType.TIMEN, DataType.DATETIME2N, DataType.DATETIMEOFFSETN, DataType.GUID,
                DataType.BIGVARBINARY, DataType.BIGBINARY, DataType.NCHAR -> sent;
            case DataType.NVARCHAR -> sent;
            case DataType.BIGVARCHAR, DataType.BIGCHAR, DataType.VARCHAR, DataType.CHAR ->
                ColumnType.nvarchar(sent.maxLength() == DataType.PLP_MARKER ? 0 : Math.min(4000, sent.maxLength()));
            default -> ColumnType.nvarcharMax();
        };
    }

    static Object coerce(Object value, ColumnType type) {
        if (value == null) {
            return null;
        }
        return switch (type.dataType()) {
            case DataType.INTN -> value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
            case DataType.FLTN -> value instanceof Number number ? number.doubleValue()
                    : Double.parseDouble(value.toString());
            case DataType.DECIMALN -> value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
            case DataType.BITN -> value instanceof Boolean ? value : Boolean.valueOf(!"0".equals(value.toString()));
            case DataType.DATETIME2N -> value instanceof OffsetDateTime offset ? offset.toLocalDateTime()
                    : value instanceof java.sql.Timestamp timestamp ? timestamp.toLocalDateTime() : value;
            case DataType.DATETIMEOFFSETN -> value instanceof LocalDateTime local
                    ? local.atOffset(java.time.ZoneOffset.UTC) : value;
            case DataType.NVARCHAR, DataType.NCHAR -> value.toString();
            default -> value;
        };
    }
}
