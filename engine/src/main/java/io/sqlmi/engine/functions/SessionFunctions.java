package io.sqlmi.engine.functions;

import io.sqlmi.engine.EngineVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Java functions H2 calls for the T-SQL built-ins it lacks (registered as SQLMI_* aliases in every
 * database). H2 runs them on the thread executing the statement, which is the session's request
 * thread, so the session is found in a thread-local set around each statement.
 */
public final class SessionFunctions {
    private static final ThreadLocal<SessionView> CURRENT = new ThreadLocal<>();

    /** Alias name and Java method, for the catalog to register in each database. */
    public static final List<String[]> ALIASES = List.of(
            new String[] {"SQLMI_SERVERNAME", "serverName"},
            new String[] {"SQLMI_VERSION", "version"},
            new String[] {"SQLMI_MICROSOFTVERSION", "microsoftVersion"},
            new String[] {"SQLMI_SPID", "spid"},
            new String[] {"SQLMI_TRANCOUNT", "tranCount"},
            new String[] {"SQLMI_ROWCOUNT", "rowCount"},
            new String[] {"SQLMI_ERROR", "lastError"},
            new String[] {"SQLMI_SERVERPROPERTY", "serverProperty"},
            new String[] {"SQLMI_DB_NAME", "dbName"},
            new String[] {"SQLMI_DB_ID", "dbId"},
            new String[] {"SQLMI_SUSER_SNAME", "suserSname"},
            new String[] {"SQLMI_USER_NAME", "userName"},
            new String[] {"SQLMI_SCHEMA_NAME", "schemaName"},
            new String[] {"SQLMI_HOST_NAME", "hostName"},
            new String[] {"SQLMI_APP_NAME", "appName"},
            new String[] {"SQLMI_OBJECT_ID", "objectId"},
            new String[] {"SQLMI_SYSDATETIME", "sysDateTime"},
            new String[] {"SQLMI_SYSUTCDATETIME", "sysUtcDateTime"},
            new String[] {"SQLMI_SYSDATETIMEOFFSET", "sysDateTimeOffset"},
            new String[] {"SQLMI_GETUTCDATE", "getUtcDate"},
            new String[] {"SQLMI_DATALENGTH", "dataLength"});

    private SessionFunctions() {
    }

    public static void enter(SessionView session) {
        CURRENT.set(session);
    }

    public static void leave() {
        CURRENT.remove();
    }

    static SessionView session() {
        SessionView session = CURRENT.get();
        if (session == null) {
            throw new IllegalStateException("SQLMI_ functions run inside an engine session only");
        }
        return session;
    }

    public static String serverName() {
        return session().instanceName();
    }

    public static String version() {
        return EngineVersion.versionBanner();
    }

    public static int microsoftVersion() {
        return EngineVersion.MAJOR << 24 | EngineVersion.MINOR << 16 | EngineVersion.BUILD;
    }

    public static int spid() {
        return session().spid();
    }

    public static int tranCount() {
        return session().transactionCount();
    }

    public static long rowCount() {
        return session().lastRowCount();
    }

    public static int lastError() {
        return session().lastError();
    }

    /** SERVERPROPERTY: the properties tools ask for; NULL for others, as SQL Server answers unknown names. */
    public static String serverProperty(String property) {
        if (property == null) {
            return null;
        }
        return switch (property.toLowerCase(Locale.ROOT)) {
            case "servername", "machinename", "computernamephysicalnetbios" -> session().instanceName();
            case "instancename" -> null;
            case "engineedition" -> "8";
            case "edition" -> "SQL Azure";
            case "editionid" -> "-1461570097";
            case "productversion" -> EngineVersion.PRODUCT_VERSION;
            case "productmajorversion" -> String.valueOf(EngineVersion.MAJOR);
            case "productminorversion" -> String.valueOf(EngineVersion.MINOR);
            case "productbuild" -> String.valueOf(EngineVersion.BUILD);
            case "productlevel" -> "RTM";
            case "collation" -> "SQL_Latin1_General_CP1_CI_AS";
            case "isclustered", "isfulltextinstalled", "isintegratedsecurityonly", "issingleuser",
                "ishadrenabled", "isxtpsupported", "ispolybaseinstalled" -> "0";
            case "processid" -> String.valueOf(ProcessHandle.current().pid());
            default -> null;
        };
    }

    public static String dbName() {
        return session().databaseName();
    }

    public static String dbName(Integer id) {
        return id == null ? null : session().databaseNameOf(id);
    }

    public static Integer dbId() {
        return session().databaseId(session().databaseName());
    }

    public static Integer dbId(String name) {
        int id = session().databaseId(name);
        return id > 0 ? id : null;
    }

    public static String suserSname() {
        return session().loginName();
    }

    public static String userName() {
        return "dbo";
    }

    public static String schemaName() {
        return "dbo";
    }

    public static String hostName() {
        return session().hostName();
    }

    public static String appName() {
        return session().appName();
    }

    /** OBJECT_ID('name'): a stable id for an existing table or view, NULL otherwise. */
    public static Integer objectId(Connection connection, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        String[] parts = name.replace("[", "").replace("]", "").split("\\.");
        String table = parts[parts.length - 1];
        String schema = parts.length >= 2 ? parts[parts.length - 2] : "dbo";
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE UPPER(TABLE_SCHEMA) = UPPER(?) AND UPPER(TABLE_NAME) = UPPER(?)")) {
            query.setString(1, schema.isEmpty() ? "dbo" : schema);
            query.setString(2, table);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return (rows.getString(1).toLowerCase(Locale.ROOT) + "." + rows.getString(2).toLowerCase(Locale.ROOT))
                        .hashCode() & 0x7FFFFFFF;
            }
        }
    }

    public static Integer objectId(Connection connection, String name, String type) throws SQLException {
        return objectId(connection, name);
    }

    public static LocalDateTime sysDateTime() {
        return LocalDateTime.now();
    }

    public static LocalDateTime sysUtcDateTime() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    public static OffsetDateTime sysDateTimeOffset() {
        return OffsetDateTime.now();
    }

    public static LocalDateTime getUtcDate() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** DATALENGTH: bytes as SQL Server stores the value (strings as UTF-16, as nvarchar). */
    public static Long dataLength(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return (long) bytes.length;
        }
        if (value instanceof String text) {
            return 2L * text.length();
        }
        if (value instanceof Integer || value instanceof Float) {
            return 4L;
        }
        if (value instanceof Long || value instanceof Double) {
            return 8L;
        }
        if (value instanceof Short) {
            return 2L;
        }
        if (value instanceof Boolean) {
            return 1L;
        }
        return (long) value.toString().length();
    }
}
