package io.sqlmi.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;

/** JDBC logins with the user name and password of a connection Secret's data (base64, as the API returns it). */
public final class SecretLogins {

    private SecretLogins() {
    }

    /** The first value of {@code sql}'s first row. */
    public static String query(String url, Map<String, String> secret, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, decode(secret.get("username")), decode(secret.get("password")));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }

    /** The first value, or a failed assertion carrying the error: a wait retries it and reports the last one. */
    public static String attempt(String url, Map<String, String> secret, String sql) {
        try {
            return query(url, secret, sql);
        } catch (SQLException e) {
            throw new AssertionError("error " + e.getErrorCode() + ": " + e.getMessage(), e);
        }
    }

    public static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
