package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 14, defect 6: aggregates and built-ins come back with SQL Server's types, as a client reads them from COLMETADATA. */
class WireTypesTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE n (i int, s smallint, b bigint, d decimal(10,2), f float, r real)");
            statement.execute("INSERT INTO n VALUES (1, 1, 1, 1.25, 0.5, 0.5), (2, 2, 2, 2.50, 1.5, 1.5), "
                    + "(4, 4, 4, 3.00, 2.0, 2.0)");
        }
    }

    /** Checks the column's type and, unless {@code value} is null, its first value. */
    private static void expect(String expression, String typeName, int precision, int scale, Object value)
            throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + expression + " FROM n")) {
            ResultSetMetaData metadata = rows.getMetaData();
            assertThat(metadata.getColumnTypeName(1)).as(expression).isEqualTo(typeName);
            if (precision >= 0) {
                assertThat(metadata.getPrecision(1)).as(expression + " precision").isEqualTo(precision);
                assertThat(metadata.getScale(1)).as(expression + " scale").isEqualTo(scale);
            }
            assertThat(rows.next()).isTrue();
            if (value != null) {
                assertThat(rows.getObject(1)).as(expression + " value").isEqualTo(value);
            }
        }
    }

    @Test
    void countsAreIntAndCountBigIsBigint() throws SQLException {
        expect("COUNT(*)", "int", 10, 0, 3);
        expect("count(i)", "int", 10, 0, 3);
        expect("COUNT(DISTINCT s)", "int", 10, 0, 3);
        expect("COUNT_BIG(*)", "bigint", 19, 0, 3L);
    }

    @Test
    void sumsKeepTheirArgumentsType() throws SQLException {
        expect("SUM(i)", "int", 10, 0, 7);
        expect("SUM(s)", "int", 10, 0, 7);
        expect("SUM(b)", "bigint", 19, 0, 7L);
        expect("SUM(d)", "decimal", 38, 2, new java.math.BigDecimal("6.75"));
        expect("SUM(f)", "float", 15, 0, 4.0d);
        expect("SUM(r)", "float", 15, 0, 4.0d);
    }

    @Test
    void averagesOfIntegersAreIntegers() throws SQLException {
        expect("AVG(i)", "int", 10, 0, 2);
        expect("AVG(b)", "bigint", 19, 0, 2L);
        expect("AVG(f)", "float", 15, 0, 4.0d / 3);
    }

    @Test
    void builtInsHaveSqlServersTypes() throws SQLException {
        expect("TOP 1 SERVERPROPERTY('EngineEdition')", "sql_variant", -1, 0, 8);
        expect("TOP 1 SERVERPROPERTY('ProductVersion')", "sql_variant", -1, 0, "16.0.4000.1");
        expect("TOP 1 @@SERVERNAME", "nvarchar", 128, 0, "mi-test");
        expect("TOP 1 DB_NAME()", "nvarchar", 128, 0, "master");
        expect("TOP 1 @@SPID", "smallint", 5, 0, null);
        expect("TOP 1 @@TRANCOUNT", "int", 10, 0, 0);
        expect("TOP 1 DATALENGTH(N'abc')", "int", 10, 0, 6);
    }
}
