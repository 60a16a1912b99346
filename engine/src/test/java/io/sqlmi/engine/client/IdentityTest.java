package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.EngineFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a client sees of the instance's identity and its databases, through mssql-jdbc. */
class IdentityTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withEnvironment(java.util.Map.of(
            "SQLMI_ADMIN_LOGIN", "miadmin", "SQLMI_ADMIN_PASSWORD", "Admin-Pass-42"));

    @BeforeAll
    static void createSchema() {    }

    @Test
    void serverNameAndPropertiesDescribeAManagedInstance() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@SERVERNAME, SERVERPROPERTY('ServerName'), "
                     + "SERVERPROPERTY('EngineEdition'), SERVERPROPERTY('ProductVersion'), @@VERSION, "
                     + "DB_NAME(), SUSER_SNAME(), @@SPID")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(EngineFixture.INSTANCE);
            assertThat(rows.getString(2)).isEqualTo(EngineFixture.INSTANCE);
            assertThat(rows.getInt(3)).isEqualTo(8);
            assertThat(rows.getString(4)).startsWith("16.0.");
            assertThat(rows.getString(5)).contains("sqlmi-engine").contains(rows.getString(4));
            assertThat(rows.getString(6)).isEqualTo("master");
            assertThat(rows.getString(7)).isEqualTo("sa");
            assertThat(rows.getInt(8)).isGreaterThanOrEqualTo(51);
        }
    }

    @Test
    void driverSeesServerVersionFromLoginAck() throws SQLException {
        try (Connection connection = fixture.connect()) {
            assertThat(connection.getMetaData().getDatabaseMajorVersion()).isEqualTo(16);
            assertThat(connection.getCatalog()).isEqualTo("master");
        }
    }

    @Test
    void administratorLoginIsItsOwnIdentity() throws SQLException {
        try (Connection connection = java.sql.DriverManager.getConnection(fixture.url(""), "miadmin",
                "Admin-Pass-42"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SUSER_SNAME(), SYSTEM_USER")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("miadmin");
            assertThat(rows.getString(2)).isEqualTo("miadmin");
        }
    }

    @Test
    void createDatabaseUseAndSysDatabases() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE Sales");
            statement.execute("CREATE DATABASE [Inventory]");
            statement.execute("USE Sales");
            assertThat(connection.getCatalog()).isEqualTo("Sales");
            try (ResultSet rows = statement.executeQuery("SELECT DB_NAME(), DB_ID()")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("Sales");
                assertThat(rows.getInt(2)).isGreaterThanOrEqualTo(5);
            }
            statement.execute("CREATE TABLE dbo.orders (id int PRIMARY KEY)");
            statement.execute("INSERT INTO orders VALUES (1)");
            statement.execute("USE master");
            assertThat(connection.getCatalog()).isEqualTo("master");
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT name, database_id FROM sys.databases ORDER BY database_id")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            assertThat(names).containsSubsequence("master", "tempdb", "model", "msdb").contains("Sales", "Inventory");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM sys.tables")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
        try (Connection connection = fixture.connect("databaseName=sales"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DB_NAME(), count(*) FROM orders")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("Sales");
            assertThat(rows.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void usingAMissingDatabaseFailsWith911() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.execute("USE nowhere"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(911));
            assertThat(connection.getCatalog()).isEqualTo("master");
        }
    }
}
