package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every listed type goes in as a parameter and comes back equal, and NULL comes back NULL. */
class TypesRoundTripTest {
    private static final String COLUMNS = "c_bit, c_tinyint, c_smallint, c_int, c_bigint, c_decimal, c_numeric, "
            + "c_real, c_float, c_char, c_varchar, c_nchar, c_nvarchar, c_varchar_max, c_nvarchar_max, c_varbinary, "
            + "c_varbinary_max, c_date, c_time, c_datetime, c_datetime2, c_datetimeoffset, c_uniqueidentifier";
    private static final String LONG_TEXT = "x".repeat(9000) + "é";
    private static final byte[] LONG_BYTES = new byte[70_000];
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    static {
        for (int i = 0; i < LONG_BYTES.length; i++) {
            LONG_BYTES[i] = (byte) (i * 31);
        }
    }

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE all_types (id int PRIMARY KEY, c_bit bit, c_tinyint tinyint, "
                    + "c_smallint smallint, c_int int, c_bigint bigint, c_decimal decimal(38,10), "
                    + "c_numeric numeric(10,2), c_real real, c_float float, c_char char(10), c_varchar varchar(50), "
                    + "c_nchar nchar(5), c_nvarchar nvarchar(100), c_varchar_max varchar(max), "
                    + "c_nvarchar_max nvarchar(max), c_varbinary varbinary(100), c_varbinary_max varbinary(max), "
                    + "c_date date, c_time time, c_datetime datetime, c_datetime2 datetime2, "
                    + "c_datetimeoffset datetimeoffset, c_uniqueidentifier uniqueidentifier)");
        }
    }

    @Test
    void valuesRoundTripThroughParameters() throws SQLException {
        UUID guid = UUID.fromString("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        OffsetDateTime offset = OffsetDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_700, ZoneOffset.ofHoursMinutes(-5, -30));
        // sendTimeAsDatetime=false: by default mssql-jdbc sends java time values as datetime (1/300 s)
        try (Connection connection = fixture.connect("sendTimeAsDatetime=false")) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO all_types (id, " + COLUMNS + ") VALUES (?, " + "?, ".repeat(22) + "?)")) {
                int i = 1;
                insert.setInt(i++, 1);
                insert.setBoolean(i++, true);
                insert.setShort(i++, (short) 255);
                insert.setShort(i++, (short) -32768);
                insert.setInt(i++, Integer.MIN_VALUE);
                insert.setLong(i++, Long.MAX_VALUE);
                insert.setBigDecimal(i++, new BigDecimal("-1234567890123456789012345678.0123456789"));
                insert.setBigDecimal(i++, new BigDecimal("99999999.99"));
                insert.setFloat(i++, 3.25f);
                insert.setDouble(i++, -2.5e300);
                insert.setString(i++, "fixed");
                insert.setString(i++, "variable");
                insert.setNString(i++, "ñandú");
                insert.setNString(i++, "Grüße, 世界");
                insert.setString(i++, LONG_TEXT);
                insert.setNString(i++, LONG_TEXT + "世");
                insert.setBytes(i++, new byte[] {0, 1, 2, (byte) 0xFF});
                insert.setBytes(i++, LONG_BYTES);
                insert.setObject(i++, LocalDate.of(1, 1, 1));
                insert.setObject(i++, LocalTime.of(23, 59, 59, 999_999_900));
                insert.setTimestamp(i++, Timestamp.valueOf("2023-06-15 13:45:30.123"));
                insert.setObject(i++, LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_900));
                insert.setObject(i++, offset);
                insert.setObject(i, guid);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM all_types WHERE id = ?")) {
                select.setInt(1, 1);
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    int i = 1;
                    assertThat(rows.getBoolean(i++)).isTrue();
                    assertThat(rows.getInt(i++)).isEqualTo(255);
                    assertThat(rows.getShort(i++)).isEqualTo((short) -32768);
                    assertThat(rows.getInt(i++)).isEqualTo(Integer.MIN_VALUE);
                    assertThat(rows.getLong(i++)).isEqualTo(Long.MAX_VALUE);
                    assertThat(rows.getBigDecimal(i++)).isEqualByComparingTo("-1234567890123456789012345678.0123456789");
                    assertThat(rows.getBigDecimal(i++)).isEqualByComparingTo("99999999.99");
                    assertThat(rows.getFloat(i++)).isEqualTo(3.25f);
                    assertThat(rows.getDouble(i++)).isEqualTo(-2.5e300);
                    assertThat(rows.getString(i++)).isEqualTo("fixed     ");
                    assertThat(rows.getString(i++)).isEqualTo("variable");
                    assertThat(rows.getString(i++)).isEqualTo("ñandú");
                    assertThat(rows.getString(i++)).isEqualTo("Grüße, 世界");
                    assertThat(rows.getString(i++)).isEqualTo(LONG_TEXT);
                    assertThat(rows.getString(i++)).isEqualTo(LONG_TEXT + "世");
                    assertThat(rows.getBytes(i++)).containsExactly(0, 1, 2, 0xFF);
                    assertThat(Arrays.equals(rows.getBytes(i++), LONG_BYTES)).isTrue();
                    assertThat(rows.getObject(i++, LocalDate.class)).isEqualTo(LocalDate.of(1, 1, 1));
                    assertThat(rows.getObject(i++, LocalTime.class)).isEqualTo(LocalTime.of(23, 59, 59, 999_999_900));
                    assertThat(rows.getTimestamp(i++)).isEqualTo(Timestamp.valueOf("2023-06-15 13:45:30.123"));
                    assertThat(rows.getObject(i++, LocalDateTime.class))
                            .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_900));
                    assertThat(rows.getObject(i++, OffsetDateTime.class)).isEqualTo(offset);
                    assertThat(rows.getString(i).toLowerCase()).isEqualTo(guid.toString());
                }
            }
        }
    }

    @Test
    void nullsRoundTripForEveryType() throws SQLException {
        try (Connection connection = fixture.connect()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO all_types (id, " + COLUMNS + ") VALUES (?, " + "?, ".repeat(22) + "?)")) {
                insert.setInt(1, 2);
                int[] types = {Types.BIT, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL,
                    Types.NUMERIC, Types.REAL, Types.DOUBLE, Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR,
                    Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.VARBINARY, Types.LONGVARBINARY, Types.DATE,
                    Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.CHAR};
                for (int i = 0; i < types.length; i++) {
                    insert.setNull(i + 2, types[i]);
                }
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM all_types WHERE id = ?")) {
                select.setInt(1, 2);
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    for (int i = 1; i <= 23; i++) {
                        assertThat(rows.getObject(i)).as("column %d", i).isNull();
                    }
                }
            }
        }
    }

    @Test
    void metadataNamesTheSqlServerTypes() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT c_bit, c_int, c_bigint, c_decimal, c_real, c_float, "
                     + "c_nvarchar, c_varbinary, c_date, c_time, c_datetime2, c_datetimeoffset, c_uniqueidentifier, "
                     + "c_nvarchar_max FROM all_types WHERE 1 = 0")) {
            ResultSetMetaData metadata = rows.getMetaData();
            assertThat(metadata.getColumnTypeName(1)).isEqualTo("bit");
            assertThat(metadata.getColumnTypeName(2)).isEqualTo("int");
            assertThat(metadata.getColumnTypeName(3)).isEqualTo("bigint");
            assertThat(metadata.getColumnTypeName(4)).isEqualTo("decimal");
            assertThat(metadata.getPrecision(4)).isEqualTo(38);
            assertThat(metadata.getScale(4)).isEqualTo(10);
            assertThat(metadata.getColumnTypeName(5)).isEqualTo("real");
            assertThat(metadata.getColumnTypeName(6)).isEqualTo("float");
            assertThat(metadata.getColumnTypeName(7)).isEqualTo("nvarchar");
            assertThat(metadata.getPrecision(7)).isEqualTo(100);
            assertThat(metadata.getColumnTypeName(8)).isEqualTo("varbinary");
            assertThat(metadata.getColumnTypeName(9)).isEqualTo("date");
            assertThat(metadata.getColumnTypeName(10)).isEqualTo("time");
            assertThat(metadata.getColumnTypeName(11)).isEqualTo("datetime2");
            assertThat(metadata.getColumnTypeName(12)).isEqualTo("datetimeoffset");
            assertThat(metadata.getColumnTypeName(13)).isEqualTo("uniqueidentifier");
            assertThat(metadata.getColumnTypeName(14)).isEqualTo("nvarchar");
            assertThat(metadata.getColumnDisplaySize(14)).isEqualTo(1073741823);
        }
    }

    @Test
    void tinyintKeepsSqlServerRange() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> statement.execute("INSERT INTO all_types (id, c_tinyint) VALUES (3, 256)"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void literalsOfEachKindComeBackTyped() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT CAST(1 AS bit), CAST(12.5 AS decimal(5,2)), N'ü', "
                     + "CAST('2020-01-02' AS date), 0x0A0B, NULL, CAST(NULL AS nvarchar(10))")) {
            rows.next();
            assertThat(rows.getBoolean(1)).isTrue();
            assertThat(rows.getBigDecimal(2)).isEqualByComparingTo("12.50");
            assertThat(rows.getString(3)).isEqualTo("ü");
            assertThat(rows.getObject(4, LocalDate.class)).isEqualTo(LocalDate.of(2020, 1, 2));
            assertThat(rows.getBytes(5)).isEqualTo("\n\u000b".getBytes(StandardCharsets.US_ASCII));
            assertThat(rows.getObject(6)).isNull();
            assertThat(rows.getString(7)).isNull();
        }
    }
}
