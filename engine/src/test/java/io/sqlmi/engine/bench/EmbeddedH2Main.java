package io.sqlmi.engine.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** The embedded-H2 side of the start-up measurement: a JVM that opens an H2 file database, says "ready" and waits. */
public final class EmbeddedH2Main {
    private EmbeddedH2Main() {
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:h2:file:" + Path.of(args[0], "bench").toAbsolutePath()
                + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
