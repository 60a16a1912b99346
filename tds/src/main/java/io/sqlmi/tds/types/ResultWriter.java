package io.sqlmi.tds.types;

import io.sqlmi.tds.token.TokenType;
import io.sqlmi.tds.wire.ByteSink;
import java.util.List;

/** Writes COLMETADATA, ROW / NBCROW and RETURNVALUE tokens (MS-TDS 2.2.7.4, 2.2.7.17, 2.2.7.19, 2.2.7.18). */
public final class ResultWriter {
    private static final int FLAG_NULLABLE = 0x0001;
    /** Updateable bits (0x000C) = 2: "unknown", as SQL Server marks expression columns. */
    private static final int FLAG_UPDATEABLE_UNKNOWN = 0x0008;
    private static final int RETURNVALUE_OUTPUT = 0x01;

    private ResultWriter() {
    }

    public static void columnMetadata(ByteSink sink, List<Column> columns) {
        sink.writeByte(TokenType.COLMETADATA);
        sink.writeShort(columns.size());
        for (Column column : columns) {
            sink.writeInt(0); // UserType
            sink.writeShort((column.nullable() ? FLAG_NULLABLE : 0) | FLAG_UPDATEABLE_UNKNOWN);
            TypeCodec.writeTypeInfo(sink, column.type());
            sink.writeBVarchar(column.name());
        }
    }

    /**
     * Writes one row. With {@code nullBitmapAllowed} (TDS 7.3B and later) a row with NULLs goes as
     * NBCROW, which leaves the NULL values out and is never larger.
     */
    public static void row(ByteSink sink, List<Column> columns, Object[] values, boolean nullBitmapAllowed) {
        int nulls = 0;
        if (nullBitmapAllowed) {
            for (Object value : values) {
                if (value == null) {
                    nulls++;
                }
            }
        }
        if (nulls == 0) {
            sink.writeByte(TokenType.ROW);
            for (int i = 0; i < values.length; i++) {
                TypeCodec.writeValue(sink, columns.get(i).type(), values[i]);
            }
            return;
        }
        sink.writeByte(TokenType.NBCROW);
        for (int start = 0; start < values.length; start += 8) {
            int bits = 0;
            for (int bit = 0; bit < 8 && start + bit < values.length; bit++) {
                if (values[start + bit] == null) {
                    bits |= 1 << bit;
                }
            }
            sink.writeByte(bits);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                TypeCodec.writeValue(sink, columns.get(i).type(), values[i]);
            }
        }
    }

    /** RETURNVALUE of an output parameter (TDS 7.2+ layout: UserType is a ULONG). */
    public static void returnValue(ByteSink sink, int ordinal, String name, ColumnType type, Object value) {
        sink.writeByte(TokenType.RETURNVALUE);
        sink.writeShort(ordinal);
        sink.writeBVarchar(name);
        sink.writeByte(RETURNVALUE_OUTPUT);
        sink.writeInt(0);
        sink.writeShort(FLAG_NULLABLE);
        TypeCodec.writeTypeInfo(sink, type);
        TypeCodec.writeValue(sink, type, value);
    }
}
