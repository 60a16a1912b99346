package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.EngineFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SQL authentication, the login's database, and whatever server name the client puts in LOGIN7. */
class LoginTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeAll
    static void createSchema() {    }

    @Test
    void wrongPasswordIs18456Class14() {
        SQLServerException error = catchThrowableOfType(SQLServerException.class,
                () -> DriverManager.getConnection(fixture.url(""), "sa", "not-the-password").close());
        assertThat(error.getErrorCode()).isEqualTo(18456);
        assertThat(error.getSQLServerError().getErrorSeverity()).isEqualTo(14);
        assertThat(error.getSQLServerError().getErrorMessage()).isEqualTo("Login failed for user 'sa'.");
    }

    @Test
    void unknownLoginIs18456() {
        SQLServerException error = catchThrowableOfType(SQLServerException.class,
                () -> DriverManager.getConnection(fixture.url(""), "mallory", EngineFixture.SA_PASSWORD).close());
        assertThat(error.getErrorCode()).isEqualTo(18456);
        assertThat(error.getSQLServerError().getErrorMessage()).isEqualTo("Login failed for user 'mallory'.");
    }

    @Test
    void missingInitialDatabaseIs4060() {
        SQLServerException error = catchThrowableOfType(SQLServerException.class,
                () -> fixture.connect("databaseName=nope").close());
        assertThat(error.getErrorCode()).isEqualTo(4060);
    }

    /** mssql-jdbc puts the host it was given (and "\\instance") in LOGIN7; RawLoginTest covers arbitrary names. */
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "localhost;instanceName=routed"})
    void anyServerNameInLoginIsAccepted(String server) throws SQLException {
        String host = server.contains(";") ? server.substring(0, server.indexOf(';')) : server;
        String rest = server.contains(";") ? server.substring(server.indexOf(';')) : "";
        String url = "jdbc:sqlserver://" + host + ":" + fixture.port() + ";encrypt=false" + rest;
        try (Connection connection = DriverManager.getConnection(url, "sa", EngineFixture.SA_PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@SERVERNAME")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(EngineFixture.INSTANCE);
        }
    }

    @Test
    void loginsBeyondTheSessionLimitGet17809() throws Exception {
        try (EngineFixture limited = EngineFixture.start(java.util.Map.of("SQLMI_MAX_SESSIONS", "2"));
             Connection first = limited.connect(); Connection second = limited.connect()) {
            SQLServerException refused = catchThrowableOfType(SQLServerException.class, () -> limited.connect().close());
            assertThat(refused.getErrorCode()).isEqualTo(17809);
            second.close();
            // the server notices the closed session when it reads end of stream: allow it a moment
            Connection again = null;
            for (int attempt = 0; attempt < 50 && again == null; attempt++) {
                try {
                    again = limited.connect();
                } catch (SQLServerException stillFull) {
                    assertThat(stillFull.getErrorCode()).isEqualTo(17809);
                    Thread.sleep(20);
                }
            }
            assertThat(again).isNotNull();
            assertThat(again.isValid(2) && first.isValid(2)).isTrue();
            again.close();
        }
    }

    @Test
    void manyLoginsInARow() throws SQLException {
        for (int i = 0; i < 20; i++) {
            try (Connection connection = fixture.connect()) {
                assertThat(connection.isValid(2)).isTrue();
            }
        }
    }
}
