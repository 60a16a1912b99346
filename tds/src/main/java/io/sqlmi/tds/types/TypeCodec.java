package io.sqlmi.tds.types;

import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.wire.ByteReader;
import io.sqlmi.tds.wire.ByteSink;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Encodes and decodes TYPE_INFO and values (MS-TDS 2.2.5.4 - 2.2.5.5). Decoding covers what
 * clients send as RPC parameters; encoding covers the types results are described with in
 * {@link ColumnType}. Java values: Boolean, Short/Integer/Long, BigDecimal, Float/Double, String,
 * byte[], LocalDate, LocalTime, LocalDateTime, OffsetDateTime, UUID.
 */
public final class TypeCodec {
    private static final long PLP_NULL = -1L;
    private static final long PLP_UNKNOWN_LENGTH = -2L;
    private static final int USHORT_NULL = 0xFFFF;
    private static final long LONGLEN_NULL = 0xFFFFFFFFL;
    /** Characters per PLP chunk when sending; any size is valid, this keeps chunks near a packet. */
    private static final int PLP_CHUNK_BYTES = 8000;

    private TypeCodec() {
    }

    // ---------------------------------------------------------------- TYPE_INFO

    public static void writeTypeInfo(ByteSink sink, ColumnType type) {
        sink.writeByte(type.dataType());
        switch (type.dataType()) {
            case DataType.INTN, DataType.BITN, DataType.FLTN, DataType.MONEYN, DataType.DATETIMN, DataType.GUID ->
                sink.writeByte(type.maxLength());
            case DataType.DECIMALN, DataType.NUMERICN -> {
                sink.writeByte(type.maxLength());
                sink.writeByte(type.precision());
                sink.writeByte(type.scale());
            }
            case DataType.DATEN -> {
            }
            case DataType.TIMEN, DataType.DATETIME2N, DataType.DATETIMEOFFSETN -> sink.writeByte(type.scale());
            case DataType.NVARCHAR, DataType.NCHAR, DataType.BIGVARCHAR, DataType.BIGCHAR -> {
                sink.writeShort(type.maxLength());
                sink.writeBytes(type.collation() == null ? Collation.defaultCollation() : type.collation());
            }
            case DataType.BIGVARBINARY, DataType.BIGBINARY -> sink.writeShort(type.maxLength());
            case DataType.SSVARIANT -> sink.writeInt(type.maxLength());
            default -> throw new IllegalArgumentException("cannot describe data type 0x"
                    + Integer.toHexString(type.dataType()));
        }
    }

    public static ColumnType readTypeInfo(ByteReader reader) {
        int dataType = reader.u8();
        return switch (dataType) {
            case DataType.NULL -> new ColumnType(dataType, 0, 0, 0, null);
            case DataType.INT1, DataType.BIT -> new ColumnType(dataType, 1, 0, 0, null);
            case DataType.INT2 -> new ColumnType(dataType, 2, 0, 0, null);
            case DataType.INT4, DataType.DATETIME4, DataType.FLT4, DataType.MONEY4 ->
                new ColumnType(dataType, 4, 0, 0, null);
            case DataType.MONEY, DataType.DATETIME, DataType.FLT8, DataType.INT8 ->
                new ColumnType(dataType, 8, 0, 0, null);
            case DataType.INTN, DataType.BITN, DataType.FLTN, DataType.MONEYN, DataType.DATETIMN, DataType.GUID,
                DataType.CHAR, DataType.VARCHAR, DataType.BINARY, DataType.VARBINARY ->
                new ColumnType(dataType, reader.u8(), 0, 0, null);
            case DataType.DECIMALN, DataType.NUMERICN, DataType.DECIMAL, DataType.NUMERIC -> {
                int length = reader.u8();
                int precision = reader.u8();
                int scale = reader.u8();
                yield new ColumnType(dataType, length, precision, scale, null);
            }
            case DataType.DATEN -> new ColumnType(dataType, 3, 0, 0, null);
            case DataType.TIMEN, DataType.DATETIME2N, DataType.DATETIMEOFFSETN -> {
                int scale = reader.u8();
                if (scale > ColumnType.MAX_TIME_SCALE) {
                    throw new TdsProtocolException("time scale " + scale + " above 7");
                }
                yield switch (dataType) {
                    case DataType.TIMEN -> ColumnType.time(scale);
                    case DataType.DATETIME2N -> ColumnType.datetime2(scale);
                    default -> ColumnType.datetimeOffset(scale);
                };
            }
            case DataType.NVARCHAR, DataType.NCHAR, DataType.BIGVARCHAR, DataType.BIGCHAR -> {
                int length = reader.u16();
                yield new ColumnType(dataType, length, 0, 0, reader.bytes(5));
            }
            case DataType.BIGVARBINARY, DataType.BIGBINARY -> new ColumnType(dataType, reader.u16(), 0, 0, null);
            case DataType.TEXT, DataType.NTEXT -> {
                int length = reader.i32();
                yield new ColumnType(dataType, length, 0, 0, reader.bytes(5));
            }
            case DataType.IMAGE -> new ColumnType(dataType, reader.i32(), 0, 0, null);
            case DataType.TVP -> throw new io.sqlmi.tds.TdsUnsupportedException("table-valued parameters");
            case DataType.UDT -> throw new io.sqlmi.tds.TdsUnsupportedException("CLR user-defined type parameters");
            case DataType.SSVARIANT -> throw new io.sqlmi.tds.TdsUnsupportedException("sql_variant parameters");
            case DataType.XML -> {
                if (reader.u8() != 0) {
                    throw new io.sqlmi.tds.TdsUnsupportedException("typed XML parameters");
                }
                yield new ColumnType(dataType, DataType.PLP_MARKER, 0, 0, null);
            }
            default -> throw new TdsProtocolException("unsupported data type 0x" + Integer.toHexString(dataType));
        };
    }

    // ---------------------------------------------------------------- values in

    /** Reads one value of {@code type}; returns null for SQL NULL. */
    public static Object readValue(ByteReader reader, ColumnType type) {
        int dataType = type.dataType();
        switch (dataType) {
            case DataType.NULL:
                return null;
            case DataType.INT1:
                return (short) reader.u8();
            case DataType.BIT:
                return reader.u8() != 0;
            case DataType.INT2:
                return (short) reader.u16();
            case DataType.INT4:
                return reader.i32();
            case DataType.INT8:
                return reader.i64();
            case DataType.FLT4:
                return Float.intBitsToFloat(reader.i32());
            case DataType.FLT8:
                return Double.longBitsToDouble(reader.i64());
            case DataType.MONEY:
                return money8(reader);
            case DataType.MONEY4:
                return BigDecimal.valueOf(reader.i32(), 4);
            case DataType.DATETIME:
                return TemporalCodec.fromDatetime(reader.i32(), reader.u32());
            case DataType.DATETIME4:
                return TemporalCodec.fromSmallDatetime(reader.u16(), reader.u16());
            default:
                break;
        }
        if (type.plp() || (type.maxLength() == DataType.PLP_MARKER && dataType == DataType.XML)) {
            byte[] bytes = readPlp(reader);
            if (bytes == null) {
                return null;
            }
            return dataType == DataType.BIGVARBINARY ? bytes : decodeText(dataType, bytes, type.collation());
        }
        switch (dataType) {
            case DataType.NVARCHAR, DataType.NCHAR, DataType.BIGVARCHAR, DataType.BIGCHAR,
                DataType.BIGVARBINARY, DataType.BIGBINARY: {
                int length = reader.u16();
                if (length == USHORT_NULL) {
                    return null;
                }
                byte[] bytes = reader.bytes(length);
                return dataType == DataType.BIGVARBINARY || dataType == DataType.BIGBINARY ? bytes
                        : decodeText(dataType, bytes, type.collation());
            }
            case DataType.TEXT, DataType.NTEXT, DataType.IMAGE: {
                long length = reader.u32();
                if (length == LONGLEN_NULL) {
                    return null;
                }
                byte[] bytes = reader.bytes(checkedLength(length, reader));
                return dataType == DataType.IMAGE ? bytes : decodeText(dataType, bytes, type.collation());
            }
            default:
                break;
        }
        int length = reader.u8();
        if (length == 0) {
            return null;
        }
        return switch (dataType) {
            case DataType.INTN -> switch (length) {
                case 1 -> (short) reader.u8();
                case 2 -> (short) reader.u16();
                case 4 -> reader.i32();
                case 8 -> reader.i64();
                default -> throw new TdsProtocolException("INTN of " + length + " bytes");
            };
            case DataType.BITN -> reader.u8() != 0;
            case DataType.FLTN -> switch (length) {
                case 4 -> Float.intBitsToFloat(reader.i32());
                case 8 -> Double.longBitsToDouble(reader.i64());
                default -> throw new TdsProtocolException("FLTN of " + length + " bytes");
            };
            case DataType.MONEYN -> length == 8 ? money8(reader) : BigDecimal.valueOf(reader.i32(), 4);
            case DataType.DATETIMN -> length == 8 ? TemporalCodec.fromDatetime(reader.i32(), reader.u32())
                    : TemporalCodec.fromSmallDatetime(reader.u16(), reader.u16());
            case DataType.GUID -> guid(reader.bytes(length));
            case DataType.DECIMALN, DataType.NUMERICN, DataType.DECIMAL, DataType.NUMERIC -> {
                int sign = reader.u8();
                byte[] magnitude = reader.bytes(length - 1);
                BigInteger unscaled = new BigInteger(1, reverse(magnitude));
                yield new BigDecimal(sign == 0 ? unscaled.negate() : unscaled, type.scale());
            }
            case DataType.DATEN -> TemporalCodec.dateFromDays(reader.unsignedLittleEndian(3));
            case DataType.TIMEN -> TemporalCodec.timeFromUnits(reader.unsignedLittleEndian(length), type.scale());
            case DataType.DATETIME2N -> {
                LocalTime time = TemporalCodec.timeFromUnits(reader.unsignedLittleEndian(length - 3), type.scale());
                yield LocalDateTime.of(TemporalCodec.dateFromDays(reader.unsignedLittleEndian(3)), time);
            }
            case DataType.DATETIMEOFFSETN -> {
                LocalTime time = TemporalCodec.timeFromUnits(reader.unsignedLittleEndian(length - 5), type.scale());
                LocalDate date = TemporalCodec.dateFromDays(reader.unsignedLittleEndian(3));
                int offsetMinutes = (short) reader.u16();
                ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
                yield OffsetDateTime.of(LocalDateTime.of(date, time), ZoneOffset.UTC).withOffsetSameInstant(offset);
            }
            case DataType.CHAR, DataType.VARCHAR -> new String(reader.bytes(length), StandardCharsets.ISO_8859_1);
            case DataType.BINARY, DataType.VARBINARY -> reader.bytes(length);
            default -> throw new TdsProtocolException("unsupported data type 0x" + Integer.toHexString(dataType));
        };
    }

    private static BigDecimal money8(ByteReader reader) {
        long high = reader.i32();
        long low = reader.u32();
        return BigDecimal.valueOf(high << 32 | low, 4);
    }

    private static int checkedLength(long length, ByteReader reader) {
        if (length > reader.remaining()) {
            throw new TdsProtocolException("value of " + length + " bytes longer than the message");
        }
        return (int) length;
    }

    /** Reads PLP chunks into one array; null for PLP NULL. */
    private static byte[] readPlp(ByteReader reader) {
        long total = reader.i64();
        if (total == PLP_NULL) {
            return null;
        }
        if (total != PLP_UNKNOWN_LENGTH && (total < 0 || total > reader.remaining())) {
            throw new TdsProtocolException("PLP value of " + total + " bytes longer than the message");
        }
        java.io.ByteArrayOutputStream collected = new java.io.ByteArrayOutputStream(
                total > 0 ? (int) total : 64);
        while (true) {
            long chunk = reader.u32();
            if (chunk == 0) {
                return collected.toByteArray();
            }
            collected.write(reader.bytes(checkedLength(chunk, reader)), 0, (int) chunk);
        }
    }

    private static String decodeText(int dataType, byte[] bytes, byte[] collation) {
        if (dataType == DataType.NVARCHAR || dataType == DataType.NCHAR || dataType == DataType.NTEXT
                || dataType == DataType.XML) {
            return new String(bytes, StandardCharsets.UTF_16LE);
        }
        return new String(bytes, charsetOf(collation));
    }

    /** Single-byte text uses the collation's code page; UTF-8 collations set bit 0x04 of byte 3 (MS-TDS 2.2.5.1.2). */
    private static Charset charsetOf(byte[] collation) {
        if (collation != null && collation.length == 5 && (collation[3] & 0x04) != 0) {
            return StandardCharsets.UTF_8;
        }
        return Charset.forName("windows-1252");
    }

    private static UUID guid(byte[] bytes) {
        if (bytes.length != 16) {
            throw new TdsProtocolException("GUID of " + bytes.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate(16);
        buffer.put(bytes[3]).put(bytes[2]).put(bytes[1]).put(bytes[0]).put(bytes[5]).put(bytes[4])
                .put(bytes[7]).put(bytes[6]).put(bytes, 8, 8);
        buffer.flip();
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] reversed = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        return reversed;
    }

    // ---------------------------------------------------------------- values out

    /** Writes {@code value} (null for SQL NULL) as a value of {@code type}. */
    public static void writeValue(ByteSink sink, ColumnType type, Object value) {
        if (type.dataType() == DataType.SSVARIANT) {
            writeVariant(sink, value);
            return;
        }
        if (type.plp()) {
            writePlp(sink, value == null ? null : type.dataType() == DataType.BIGVARBINARY ? binary(value)
                    : text(value).getBytes(StandardCharsets.UTF_16LE));
            return;
        }
        switch (type.dataType()) {
            case DataType.NVARCHAR, DataType.NCHAR -> {
                if (value == null) {
                    sink.writeShort(USHORT_NULL);
                } else {
                    String text = text(value);
                    if (type.dataType() == DataType.NCHAR) {
                        text = padRight(text, type.maxLength() / 2);
                    }
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_16LE);
                    sink.writeShort(Math.min(bytes.length, type.maxLength()));
                    sink.writeBytes(bytes, 0, Math.min(bytes.length, type.maxLength()));
                }
            }
            case DataType.BIGVARBINARY, DataType.BIGBINARY -> {
                if (value == null) {
                    sink.writeShort(USHORT_NULL);
                } else {
                    byte[] bytes = binary(value);
                    if (type.dataType() == DataType.BIGBINARY && bytes.length < type.maxLength()) {
                        bytes = java.util.Arrays.copyOf(bytes, type.maxLength());
                    }
                    int length = Math.min(bytes.length, type.maxLength());
                    sink.writeShort(length);
                    sink.writeBytes(bytes, 0, length);
                }
            }
            default -> writeByteLengthValue(sink, type, value);
        }
    }

    private static void writeByteLengthValue(ByteSink sink, ColumnType type, Object value) {
        if (value == null) {
            sink.writeByte(0);
            return;
        }
        switch (type.dataType()) {
            case DataType.INTN -> {
                long number = ((Number) value).longValue();
                sink.writeByte(type.maxLength());
                sink.writeUnsigned(number, type.maxLength());
            }
            case DataType.BITN -> {
                sink.writeByte(1);
                boolean bit = value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
                sink.writeByte(bit ? 1 : 0);
            }
            case DataType.FLTN -> {
                sink.writeByte(type.maxLength());
                if (type.maxLength() == 4) {
                    sink.writeInt(Float.floatToIntBits(((Number) value).floatValue()));
                } else {
                    sink.writeLong(Double.doubleToLongBits(((Number) value).doubleValue()));
                }
            }
            case DataType.DECIMALN, DataType.NUMERICN -> writeDecimal(sink, type, value);
            case DataType.GUID -> {
                sink.writeByte(16);
                sink.writeBytes(guidBytes((UUID) value));
            }
            case DataType.DATEN -> {
                sink.writeByte(3);
                sink.writeUnsigned(TemporalCodec.daysSince0001((LocalDate) value), 3);
            }
            case DataType.TIMEN -> {
                int timeLength = ColumnType.timeLength(type.scale());
                sink.writeByte(timeLength);
                sink.writeUnsigned(TemporalCodec.timeUnits((LocalTime) value, type.scale()), timeLength);
            }
            case DataType.DATETIME2N -> {
                LocalDateTime dateTime = (LocalDateTime) value;
                int timeLength = ColumnType.timeLength(type.scale());
                sink.writeByte(timeLength + 3);
                sink.writeUnsigned(TemporalCodec.timeUnits(dateTime.toLocalTime(), type.scale()), timeLength);
                sink.writeUnsigned(TemporalCodec.daysSince0001(dateTime.toLocalDate()), 3);
            }
            case DataType.DATETIMEOFFSETN -> {
                OffsetDateTime dateTime = (OffsetDateTime) value;
                LocalDateTime utc = dateTime.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
                int timeLength = ColumnType.timeLength(type.scale());
                sink.writeByte(timeLength + 5);
                sink.writeUnsigned(TemporalCodec.timeUnits(utc.toLocalTime(), type.scale()), timeLength);
                sink.writeUnsigned(TemporalCodec.daysSince0001(utc.toLocalDate()), 3);
                sink.writeShort(dateTime.getOffset().getTotalSeconds() / 60);
            }
            default -> throw new IllegalArgumentException("cannot encode data type 0x"
                    + Integer.toHexString(type.dataType()));
        }
    }

    /**
     * sql_variant: LONGLEN total, then the base type, the count of property bytes, the properties
     * and the value in the base type's encoding without its length prefix (MS-TDS 2.2.5.5.4).
     */
    private static void writeVariant(ByteSink sink, Object value) {
        if (value == null) {
            sink.writeInt(0);
            return;
        }
        io.sqlmi.tds.wire.GrowableBuffer data = new io.sqlmi.tds.wire.GrowableBuffer();
        int baseType;
        byte[] properties;
        if (value instanceof Integer number) {
            baseType = DataType.INT4;
            properties = new byte[0];
            data.writeInt(number);
        } else if (value instanceof Long number) {
            baseType = DataType.INT8;
            properties = new byte[0];
            data.writeLong(number);
        } else if (value instanceof Short number) {
            baseType = DataType.INT2;
            properties = new byte[0];
            data.writeShort(number);
        } else if (value instanceof Boolean bit) {
            baseType = DataType.BIT;
            properties = new byte[0];
            data.writeByte(bit ? 1 : 0);
        } else if (value instanceof Double || value instanceof Float) {
            baseType = DataType.FLT8;
            properties = new byte[0];
            data.writeLong(Double.doubleToLongBits(((Number) value).doubleValue()));
        } else if (value instanceof BigDecimal decimal) {
            int scale = Math.max(0, Math.min(ColumnType.MAX_DECIMAL_PRECISION, decimal.scale()));
            int precision = Math.max(scale, Math.min(ColumnType.MAX_DECIMAL_PRECISION, decimal.precision()));
            ColumnType decimalType = ColumnType.decimal(Math.max(1, precision), scale);
            baseType = DataType.NUMERICN;
            properties = new byte[] {(byte) decimalType.precision(), (byte) decimalType.scale()};
            io.sqlmi.tds.wire.GrowableBuffer encoded = new io.sqlmi.tds.wire.GrowableBuffer();
            writeDecimal(encoded, decimalType, decimal);
            byte[] bytes = encoded.toByteArray();
            data.writeBytes(bytes, 1, bytes.length - 1);
        } else if (value instanceof UUID uuid) {
            baseType = DataType.GUID;
            properties = new byte[0];
            data.writeBytes(guidBytes(uuid));
        } else if (value instanceof byte[] bytes) {
            baseType = DataType.BIGVARBINARY;
            properties = new byte[] {(byte) 0x40, (byte) 0x1F};
            data.writeBytes(bytes, 0, Math.min(bytes.length, 8000));
        } else if (value instanceof LocalDateTime dateTime) {
            baseType = DataType.DATETIME2N;
            properties = new byte[] {7};
            data.writeUnsigned(TemporalCodec.timeUnits(dateTime.toLocalTime(), 7), 5);
            data.writeUnsigned(TemporalCodec.daysSince0001(dateTime.toLocalDate()), 3);
        } else {
            byte[] text = text(value).getBytes(StandardCharsets.UTF_16LE);
            int length = Math.min(text.length, 8000);
            baseType = DataType.NVARCHAR;
            byte[] collation = Collation.defaultCollation();
            properties = new byte[7];
            System.arraycopy(collation, 0, properties, 0, 5);
            properties[5] = (byte) 0x40;
            properties[6] = (byte) 0x1F;
            data.writeBytes(text, 0, length);
        }
        byte[] bytes = data.toByteArray();
        sink.writeInt(2 + properties.length + bytes.length);
        sink.writeByte(baseType);
        sink.writeByte(properties.length);
        sink.writeBytes(properties);
        sink.writeBytes(bytes);
    }

    private static void writeDecimal(ByteSink sink, ColumnType type, Object value) {
        BigDecimal decimal = value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
        BigInteger unscaled = decimal.setScale(type.scale(), RoundingMode.HALF_UP).unscaledValue();
        byte[] magnitude = unscaled.abs().toByteArray();
        int valueLength = type.maxLength() - 1;
        int significant = magnitude.length;
        int start = 0;
        while (significant > 0 && magnitude[start] == 0) {
            start++;
            significant--;
        }
        if (significant > valueLength || unscaled.abs().toString().length() > type.precision()) {
            throw new ArithmeticException("Arithmetic overflow error converting numeric to data type numeric.");
        }
        sink.writeByte(type.maxLength());
        sink.writeByte(unscaled.signum() < 0 ? 0 : 1);
        for (int i = 0; i < valueLength; i++) {
            int index = magnitude.length - 1 - i;
            sink.writeByte(index >= start ? magnitude[index] : 0);
        }
    }

    private static void writePlp(ByteSink sink, byte[] bytes) {
        if (bytes == null) {
            sink.writeLong(PLP_NULL);
            return;
        }
        sink.writeLong(bytes.length);
        for (int offset = 0; offset < bytes.length; offset += PLP_CHUNK_BYTES) {
            int chunk = Math.min(PLP_CHUNK_BYTES, bytes.length - offset);
            sink.writeInt(chunk);
            sink.writeBytes(bytes, offset, chunk);
        }
        sink.writeInt(0);
    }

    public static byte[] guidBytes(UUID uuid) {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        byte[] b = buffer.array();
        return new byte[] {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13],
            b[14], b[15]};
    }

    private static String text(Object value) {
        return value instanceof String s ? s : String.valueOf(value);
    }

    private static byte[] binary(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof UUID uuid) {
            return guidBytes(uuid);
        }
        return text(value).getBytes(StandardCharsets.UTF_8);
    }

    private static String padRight(String text, int chars) {
        if (text.length() >= chars) {
            return text;
        }
        return text + " ".repeat(chars - text.length());
    }
}
