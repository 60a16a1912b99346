package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 14, defect 8: DATALENGTH, T-SQL's non-reserved words as names, and uniqueidentifier text in upper case. */
class IdentifiersAndBuiltinsTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @Test
    void dataLengthCountsBytes() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE blobs (b varbinary(10), s nvarchar(10))");
            statement.execute("INSERT INTO blobs VALUES (0x010203, N'héllo')");
            try (ResultSet rows = statement.executeQuery("SELECT DATALENGTH(N'abc'), DATALENGTH(0x0102), "
                    + "DATALENGTH(CAST(5 AS int)), DATALENGTH(CAST(5 AS bigint)), DATALENGTH(CAST(NULL AS nvarchar(5))), "
                    + "DATALENGTH(b), DATALENGTH(s) FROM blobs")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(6);
                assertThat(rows.getInt(2)).isEqualTo(2);
                assertThat(rows.getInt(3)).isEqualTo(4);
                assertThat(rows.getInt(4)).isEqualTo(8);
                assertThat(rows.getObject(5)).isNull();
                assertThat(rows.getInt(6)).isEqualTo(3);
                assertThat(rows.getInt(7)).isEqualTo(10);
            }
        }
    }

    /** Words T-SQL does not reserve, as column and table names, without brackets. */
    @Test
    void nonReservedWordsAreNames() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE words (value int, year int, time int, row int, month int, day int, "
                    + "hour int, minute int, second int, date date, text nvarchar(10), xml int, datetime int, "
                    + "type int, status int, name nvarchar(10), rows int, range int, limit int, interval int, "
                    + "array int, qualify int, window int, timestamp int)");
            statement.execute("INSERT INTO words (value, year, time, row, month, day, hour, minute, second, date, text, "
                    + "xml, datetime, type, status, name, rows, range, limit, interval, array, qualify, window, timestamp) "
                    + "VALUES (1, 2024, 3, 4, 5, 6, 7, 8, 9, '2024-01-02', N'txt', 10, 11, 12, 13, N'n', 14, 15, 16, "
                    + "17, 18, 19, 20, 21)");
            try (ResultSet rows = statement.executeQuery("SELECT value, year, time, row, text, xml, datetime, date, "
                    + "window FROM words WHERE value = 1 AND year > 2000 AND row = 4 ORDER BY value")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt("value")).isEqualTo(1);
                assertThat(rows.getInt("year")).isEqualTo(2024);
                assertThat(rows.getInt("time")).isEqualTo(3);
                assertThat(rows.getInt("row")).isEqualTo(4);
                assertThat(rows.getString("text")).isEqualTo("txt");
                assertThat(rows.getInt("xml")).isEqualTo(10);
                assertThat(rows.getInt("datetime")).isEqualTo(11);
                assertThat(rows.getString("date")).isEqualTo("2024-01-02");
                assertThat(rows.getInt("window")).isEqualTo(20);
            }
            try (ResultSet rows = statement.executeQuery("SELECT w.value AS value, t.year FROM words w "
                    + "JOIN words t ON t.value = w.value")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(2)).isEqualTo(2024);
            }
        }
    }

    @Test
    void uniqueidentifierBecomesUpperCaseText() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("DECLARE @u uniqueidentifier = '6f9619ff-8b86-d011-b42d-00c04fc964ff'; "
                     + "SELECT CONVERT(NVARCHAR(36), @u), CAST(@u AS varchar(36)), N'id:' + CAST(@u AS nchar(36)), "
                     + "CONVERT(char(36), @u)")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("6F9619FF-8B86-D011-B42D-00C04FC964FF");
            assertThat(rows.getString(2)).isEqualTo("6F9619FF-8B86-D011-B42D-00C04FC964FF");
            assertThat(rows.getString(3)).isEqualTo("id:6F9619FF-8B86-D011-B42D-00C04FC964FF");
            assertThat(rows.getString(4)).isEqualTo("6F9619FF-8B86-D011-B42D-00C04FC964FF");
        }
    }
}
