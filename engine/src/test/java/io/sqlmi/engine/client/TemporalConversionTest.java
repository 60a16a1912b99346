package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14, defect 3: converting a datetimeoffset to a type without an offset keeps its local date
 * and time and drops the offset (SQL Server's rule), whether the conversion is written (CAST,
 * CONVERT) or implied by storing into a column; comparisons still compare instants.
 */
class TemporalConversionTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE stamps (id int PRIMARY KEY, local_dt datetime2, legacy datetime, "
                    + "day date, clock time, with_offset datetimeoffset)");
        }
    }

    @Test
    void castAndConvertDropTheOffset() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT "
                     + "CAST(CAST('2024-05-06 10:00:00 +02:00' AS DATETIMEOFFSET) AS DATETIME2), "
                     + "CONVERT(datetime2(0), CAST('2024-05-06 23:30:00 -05:00' AS datetimeoffset)), "
                     + "CAST(CAST('2024-05-06 01:15:00 +09:00' AS datetimeoffset) AS date), "
                     + "CAST(CAST('2024-05-06 01:15:00 +09:00' AS datetimeoffset) AS time), "
                     + "CAST(CAST('2024-05-06 10:00:00 +02:00' AS datetimeoffset) AS datetime), "
                     + "CAST('2024-05-06 10:00:00 +02:00' AS datetime2)")) {
            rows.next();
            assertThat(rows.getObject(1, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 5, 6, 10, 0));
            assertThat(rows.getObject(2, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 5, 6, 23, 30));
            assertThat(rows.getObject(3, LocalDate.class)).isEqualTo(LocalDate.of(2024, 5, 6));
            assertThat(rows.getObject(4, LocalTime.class)).isEqualTo(LocalTime.of(1, 15));
            assertThat(rows.getObject(5, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 5, 6, 10, 0));
            assertThat(rows.getObject(6, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 5, 6, 10, 0));
        }
    }

    /** What go-mssqldb does with every time.Time: a datetimeoffset parameter stored into datetime2, datetime, date, time. */
    @Test
    void aDatetimeoffsetParameterStoredInColumnsWithoutOffsetKeepsItsLocalTime() throws SQLException {
        OffsetDateTime value = OffsetDateTime.of(2024, 5, 6, 10, 0, 0, 0, ZoneOffset.ofHours(2));
        try (Connection connection = fixture.connect()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO stamps (id, local_dt, legacy, day, clock, with_offset) VALUES (1, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 5; i++) {
                    insert.setObject(i, value);
                }
                insert.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE stamps SET local_dt = ? WHERE id = 1")) {
                update.setObject(1, value.plusHours(1));
                update.executeUpdate();
            }
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                    "SELECT local_dt, legacy, day, clock, with_offset FROM stamps WHERE id = 1")) {
                rows.next();
                assertThat(rows.getObject(1, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 5, 6, 11, 0));
                assertThat(rows.getObject(2, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 5, 6, 10, 0));
                assertThat(rows.getObject(3, LocalDate.class)).isEqualTo(LocalDate.of(2024, 5, 6));
                assertThat(rows.getObject(4, LocalTime.class)).isEqualTo(LocalTime.of(10, 0));
                assertThat(rows.getObject(5, OffsetDateTime.class)).isEqualTo(value);
            }
        }
    }

    @Test
    void datetimeoffsetComparisonsCompareInstants() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT CASE WHEN CAST('2024-05-06 10:00:00 +02:00' AS "
                     + "datetimeoffset) = CAST('2024-05-06 08:00:00 +00:00' AS datetimeoffset) THEN 1 ELSE 0 END")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }
}
