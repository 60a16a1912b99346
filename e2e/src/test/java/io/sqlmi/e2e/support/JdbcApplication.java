package io.sqlmi.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * An application as a user writes one: it takes the connection Secret mounted at /etc/sqlmi/connection as it is
 * (jdbcUrl, username, password; the URL's trust store is the Secret's truststore.jks) and prints the server name it
 * reached. Run inside a pod with only the JDK and mssql-jdbc on its class path; exits 1 with the error otherwise.
 */
public final class JdbcApplication {

    private JdbcApplication() {
    }

    public static void main(String[] args) throws Exception {
        Path secret = Path.of(args.length > 0 ? args[0] : "/etc/sqlmi/connection");
        String url = Files.readString(secret.resolve("jdbcUrl"));
        try (Connection connection = DriverManager.getConnection(url, Files.readString(secret.resolve("username")),
                Files.readString(secret.resolve("password")));
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT @@SERVERNAME")) {
            result.next();
            System.out.println("SERVERNAME=" + result.getString(1));
        } catch (java.sql.SQLException e) {
            System.out.println("ERROR " + e.getErrorCode() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
