package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mssql-jdbc's ways of running a PreparedStatement: sp_executesql first, then sp_prepexec and
 * sp_execute (default), sp_prepare + sp_execute (prepareMethod=prepare), literal SQL
 * (prepareMethod=none); batched sp_execute; sp_unprepare when statements are discarded.
 */
class PrepareMethodsTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id int PRIMARY KEY, name nvarchar(50), price decimal(10,2))");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"prepareMethod=prepexec", "prepareMethod=prepare", "prepareMethod=none",
        "prepareMethod=prepexec;enablePrepareOnFirstPreparedStatementCall=true",
        "prepareMethod=prepare;enablePrepareOnFirstPreparedStatementCall=true"})
    void repeatedExecutionsAndBatches(String options) throws SQLException {
        int base = Math.abs(options.hashCode() % 100_000) * 10;
        try (Connection connection = fixture.connect(options + ";disableStatementPooling=false;"
                + "statementPoolingCacheSize=2;serverPreparedStatementDiscardThreshold=1")) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
                for (int i = 0; i < 4; i++) {
                    insert.setInt(1, base + i);
                    insert.setString(2, "item " + i);
                    insert.setBigDecimal(3, new java.math.BigDecimal(i + ".50"));
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
                for (int i = 4; i < 8; i++) {
                    insert.setInt(1, base + i);
                    insert.setString(2, "batched " + i);
                    insert.setBigDecimal(3, java.math.BigDecimal.ONE);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).containsExactly(1, 1, 1, 1);
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, price FROM items WHERE id = @P0_not_a_param_name_clash OR id = ?".replace(
                            "@P0_not_a_param_name_clash OR id = ", ""))) {
                for (int i = 0; i < 8; i++) {
                    select.setInt(1, base + i);
                    try (ResultSet rows = select.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getString(1)).isEqualTo((i < 4 ? "item " : "batched ") + i);
                    }
                }
            }
            for (int round = 0; round < 4; round++) {
                try (PreparedStatement discarded = connection.prepareStatement(
                        "SELECT count(*) FROM items WHERE id >= ? AND name <> '" + round + "'")) {
                    discarded.setInt(1, base);
                    discarded.executeQuery().close();
                    discarded.setInt(1, base);
                    try (ResultSet rows = discarded.executeQuery()) {
                        rows.next();
                        assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(8);
                    }
                }
            }
        }
    }

    @Test
    void sameParameterTwiceAndGeneratedKeys() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE tickets (id int IDENTITY(1,1) PRIMARY KEY, label nvarchar(20))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tickets (label) VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, "first");
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt(1)).isEqualTo(1);
                }
            }
            try (PreparedStatement both = connection.prepareStatement("SELECT ? + ?")) {
                both.setInt(1, 20);
                both.setInt(2, 22);
                try (ResultSet rows = both.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(42);
                }
            }
        }
    }

    @Test
    void unprepareBySqlBatch() throws SQLException {
        try (Connection connection = fixture.connect("enablePrepareOnFirstPreparedStatementCall=true")) {
            try (PreparedStatement select = connection.prepareStatement("SELECT ?")) {
                select.setInt(1, 1);
                select.executeQuery().close();
            }
            try (Statement statement = connection.createStatement()) {
                assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
                        () -> statement.execute("EXEC sp_unprepare 987654")).getErrorCode()).isEqualTo(8179);
            }
        }
    }
}
