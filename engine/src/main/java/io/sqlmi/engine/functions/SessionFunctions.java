package io.sqlmi.engine.functions;

import io.sqlmi.engine.EngineVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Java functions H2 calls for the T-SQL built-ins it lacks (registered as SQLMI_* aliases in every
 * database). H2 runs them on the thread executing the statement, which is the session's request
 * thread, so the session is found in a thread-local set around each statement.
 */
public final class SessionFunctions {
    private static final ThreadLocal<SessionView> CURRENT = new ThreadLocal<>();

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

    /**
     * SERVERPROPERTY: a sql_variant (H2 JAVA_OBJECT) of the type SQL Server gives each property; NULL
     * for others, as SQL Server answers unknown names.
     */
    public static Object serverProperty(String property) {
        if (property == null) {
            return null;
        }
        return switch (property.toLowerCase(Locale.ROOT)) {
            case "servername", "machinename", "computernamephysicalnetbios" -> session().instanceName();
            case "instancename" -> null;
            case "engineedition" -> 8;
            case "edition" -> "SQL Azure";
            case "editionid" -> 1674378470;
            case "productversion" -> EngineVersion.PRODUCT_VERSION;
            case "productmajorversion" -> String.valueOf(EngineVersion.MAJOR);
            case "productminorversion" -> String.valueOf(EngineVersion.MINOR);
            case "productbuild" -> String.valueOf(EngineVersion.BUILD);
            case "productlevel" -> "RTM";
            case "productupdatelevel" -> null;
            case "collation" -> "SQL_Latin1_General_CP1_CI_AS";
            case "lcid" -> 1033;
            case "isclustered", "isfulltextinstalled", "isintegratedsecurityonly", "issingleuser",
                "ishadrenabled", "isxtpsupported", "ispolybaseinstalled", "isadvancedanalyticsinstalled" -> 0;
            case "processid" -> (int) ProcessHandle.current().pid();
            default -> null;
        };
    }

    /**
     * DATABASEPROPERTYEX(database, property): Updateability is READ_ONLY on a readable secondary
     * (SQLMI_REPLICA_ROLE=Secondary) and READ_WRITE on the primary.
     */
    public static Object databasePropertyEx(String database, String property) {
        if (database == null || property == null || session().databaseId(database) == 0) {
            return null;
        }
        return switch (property.toLowerCase(Locale.ROOT)) {
            case "updateability" -> session().readOnly() ? "READ_ONLY" : "READ_WRITE";
            case "status" -> "ONLINE";
            case "useraccess" -> "MULTI_USER";
            case "recovery" -> "FULL";
            case "collation" -> "SQL_Latin1_General_CP1_CI_AS";
            case "version" -> 957;
            case "isautoclose", "isautoshrink", "isinstandby", "isfulltextenabled" -> 0;
            case "isautocreatestatistics", "isautoupdatestatistics" -> 1;
            case "edition" -> "GeneralPurpose";
            case "serviceobjective" -> "GP_Gen5";
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

    /** SCHEMA_NAME(id): the schema of that sys.schemas id, or NULL. */
    public static String schemaName(java.sql.Connection connection, Integer id) throws SQLException {
        if (id == null) {
            return null;
        }
        for (String name : new String[] {"dbo", "guest", "INFORMATION_SCHEMA", "sys"}) {
            if (CatalogObjects.schemaId(name) == id) {
                return name;
            }
        }
        for (String name : CatalogObjects.schemas(connection)) {
            if (CatalogObjects.schemaId(name) == id) {
                return name;
            }
        }
        return null;
    }

    public static String hostName() {
        return session().hostName();
    }

    public static String appName() {
        return session().appName();
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

    /** GETDATE(): the local time, at datetime's precision. */
    public static LocalDateTime getDate() {
        return LocalDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** DATALENGTH: bytes as SQL Server stores the value (text as UTF-16, as nvarchar); NULL for NULL. */
    public static Integer dataLength(org.h2.value.Value value) {
        if (value == null || value == org.h2.value.ValueNull.INSTANCE) {
            return null;
        }
        return switch (value.getValueType()) {
            case org.h2.value.Value.VARCHAR, org.h2.value.Value.CHAR, org.h2.value.Value.VARCHAR_IGNORECASE,
                org.h2.value.Value.CLOB -> 2 * value.getString().length();
            case org.h2.value.Value.VARBINARY, org.h2.value.Value.BINARY, org.h2.value.Value.BLOB ->
                value.getBytesNoCopy().length;
            case org.h2.value.Value.BOOLEAN, org.h2.value.Value.TINYINT -> 1;
            case org.h2.value.Value.SMALLINT -> 2;
            case org.h2.value.Value.INTEGER, org.h2.value.Value.REAL -> 4;
            case org.h2.value.Value.BIGINT, org.h2.value.Value.DOUBLE, org.h2.value.Value.TIMESTAMP -> 8;
            case org.h2.value.Value.NUMERIC -> {
                long precision = value.getType().getPrecision();
                yield precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17;
            }
            case org.h2.value.Value.DATE -> 3;
            case org.h2.value.Value.TIME -> 5;
            case org.h2.value.Value.TIMESTAMP_TZ -> 10;
            case org.h2.value.Value.UUID -> 16;
            default -> value.getString().length();
        };
    }
}
