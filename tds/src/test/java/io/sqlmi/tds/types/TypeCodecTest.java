package io.sqlmi.tds.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.tds.wire.ByteReader;
import io.sqlmi.tds.wire.GrowableBuffer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TypeCodecTest {
    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(ColumnType.bit(), true),
                Arguments.of(ColumnType.integer(2), (short) -7),
                Arguments.of(ColumnType.integer(4), Integer.MIN_VALUE),
                Arguments.of(ColumnType.integer(8), Long.MAX_VALUE),
                Arguments.of(ColumnType.decimal(38, 6), new BigDecimal("-12345678901234567890123456789012.123456")),
                Arguments.of(ColumnType.decimal(5, 2), new BigDecimal("123.45")),
                Arguments.of(ColumnType.floating(4), 1.5f),
                Arguments.of(ColumnType.floating(8), Math.PI),
                Arguments.of(ColumnType.nvarchar(20), "héllo 世界"),
                Arguments.of(ColumnType.nvarcharMax(), "x".repeat(20_000)),
                Arguments.of(ColumnType.varbinary(10), new byte[] {1, 2, 3}),
                Arguments.of(ColumnType.varbinary(0), new byte[70_000]),
                Arguments.of(ColumnType.date(), LocalDate.of(1, 1, 1)),
                Arguments.of(ColumnType.date(), LocalDate.of(9999, 12, 31)),
                Arguments.of(ColumnType.time(7), LocalTime.of(23, 59, 59, 999_999_900)),
                Arguments.of(ColumnType.time(0), LocalTime.of(1, 2, 3)),
                Arguments.of(ColumnType.datetime2(3), LocalDateTime.of(2020, 2, 29, 12, 0, 0, 123_000_000)),
                Arguments.of(ColumnType.datetimeOffset(7),
                        OffsetDateTime.of(2020, 1, 1, 0, 30, 0, 100, ZoneOffset.ofHours(14))),
                Arguments.of(ColumnType.guid(), UUID.fromString("6f9619ff-8b86-d011-b42d-00c04fc964ff")));
    }

    @ParameterizedTest
    @MethodSource("values")
    void valuesRoundTripWithTheirTypeInfo(ColumnType type, Object value) {
        GrowableBuffer buffer = new GrowableBuffer();
        TypeCodec.writeTypeInfo(buffer, type);
        TypeCodec.writeValue(buffer, type, value);
        TypeCodec.writeValue(buffer, type, null);
        ByteReader reader = new ByteReader(buffer.toByteArray());
        ColumnType read = TypeCodec.readTypeInfo(reader);
        assertThat(read).isEqualTo(type);
        Object back = TypeCodec.readValue(reader, read);
        if (value instanceof BigDecimal decimal) {
            assertThat((BigDecimal) back).isEqualByComparingTo(decimal);
        } else if (value instanceof OffsetDateTime offset) {
            assertThat(back).isEqualTo(offset);
        } else {
            assertThat(back).isEqualTo(value);
        }
        assertThat(TypeCodec.readValue(reader, read)).isNull();
        assertThat(reader.hasRemaining()).isFalse();
    }

    @Test
    void guidUsesSqlServerByteOrder() {
        assertThat(TypeCodec.guidBytes(UUID.fromString("00112233-4455-6677-8899-aabbccddeeff")))
                .containsExactly(0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
                        0xee, 0xff);
    }

    @Test
    void decimalsWiderThanTheColumnAreRefused() {
        assertThatThrownBy(() -> TypeCodec.writeValue(new GrowableBuffer(), ColumnType.decimal(5, 2),
                new BigDecimal("12345.6"))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void datetimeParametersAreDecoded() {
        GrowableBuffer buffer = new GrowableBuffer();
        buffer.writeByte(DataType.DATETIMN);
        buffer.writeByte(8);
        buffer.writeByte(8);
        buffer.writeInt(1);          // 1900-01-02
        buffer.writeInt(300 * 3600); // 01:00:00
        ByteReader reader = new ByteReader(buffer.toByteArray());
        assertThat(TypeCodec.readValue(reader, TypeCodec.readTypeInfo(reader)))
                .isEqualTo(LocalDateTime.of(1900, 1, 2, 1, 0));
    }
}
