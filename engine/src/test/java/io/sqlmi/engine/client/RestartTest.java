package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Databases, tables and committed rows survive a restart on the same data directory. */
class RestartTest {
    @Test
    void dataSurvivesRestart() throws SQLException {
        try (EngineFixture fixture = EngineFixture.start()) {
            try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE Durable");
                statement.execute("USE Durable");
                statement.execute("CREATE TABLE kept (id int PRIMARY KEY, label nvarchar(20))");
                statement.execute("INSERT INTO kept VALUES (1, N'committed')");
                statement.execute("BEGIN TRAN; INSERT INTO kept VALUES (2, N'never committed')");
            }
            fixture.restart();
            try (Connection connection = fixture.connect("databaseName=Durable");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id, label FROM kept ORDER BY id")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(2)).isEqualTo("committed");
                assertThat(rows.next()).isFalse();
            }
            try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT database_id FROM sys.databases WHERE name = 'Durable'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(5);
            }
        }
    }

    @Test
    void droppedDatabaseIsGoneAfterRestart() throws SQLException {
        try (EngineFixture fixture = EngineFixture.start()) {
            try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE Temporary");
                statement.execute("DROP DATABASE Temporary");
                statement.execute("DROP DATABASE IF EXISTS Temporary");
            }
            fixture.restart();
            try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM sys.databases WHERE name = 'Temporary'")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }
}
