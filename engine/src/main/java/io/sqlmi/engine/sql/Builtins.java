package io.sqlmi.engine.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one table of T-SQL built-ins the engine rewrites: {@code @@globals}, functions called with
 * parentheses, and the niladic keywords. Each entry says what H2 runs instead and, where the
 * result's SQL Server type differs from what H2 would infer, the type it is cast to (so that
 * {@code @@SERVERNAME} is nvarchar(128), not nvarchar(max)). Entries implemented in Java name their
 * method in {@code io.sqlmi.engine.functions}; the catalog registers them as SQLMI_* aliases in every
 * database. Built-ins H2 already provides in MSSQLServer mode (ISNULL, LEN, CHARINDEX, NEWID,
 * SCOPE_IDENTITY, DATEADD, DATEDIFF, ...) are not listed. CAST, CONVERT, COUNT, SUM and AVG have
 * their own rewrites in {@link Rewriter}.
 */
public final class Builtins {
    public enum Form { GLOBAL_VARIABLE, FUNCTION, NILADIC }

    /**
     * @param name T-SQL name, upper case ("@@SERVERNAME", "DB_NAME", "SYSTEM_USER")
     * @param h2 what replaces it: a whole expression for globals and niladic words, a function name for functions
     * @param resultType H2 type to cast the result to, or null to keep H2's
     * @param javaMethod "Class.method" of {@code io.sqlmi.engine.functions} behind the SQLMI_ alias, or null
     *     when {@code h2} is plain SQL
     */
    public record Builtin(String name, Form form, String h2, String resultType, String javaMethod) {
    }

    private static final String SYSNAME = "NVARCHAR(128)";

    private static final List<Builtin> TABLE = List.of(
            global("@@SERVERNAME", "SQLMI_SERVERNAME()", SYSNAME, "SessionFunctions.serverName"),
            global("@@SERVICENAME", "N'MSSQLSERVER'", SYSNAME, null),
            global("@@VERSION", "SQLMI_VERSION()", "NVARCHAR(300)", "SessionFunctions.version"),
            global("@@MICROSOFTVERSION", "SQLMI_MICROSOFTVERSION()", null, "SessionFunctions.microsoftVersion"),
            global("@@SPID", "SQLMI_SPID()", "SMALLINT", "SessionFunctions.spid"),
            global("@@TRANCOUNT", "SQLMI_TRANCOUNT()", null, "SessionFunctions.tranCount"),
            global("@@ROWCOUNT", "SQLMI_ROWCOUNT()", null, "SessionFunctions.rowCount"),
            global("@@ERROR", "SQLMI_ERROR()", null, "SessionFunctions.lastError"),
            global("@@IDENTITY", "SCOPE_IDENTITY()", null, null),
            global("@@LANGUAGE", "N'us_english'", SYSNAME, null),
            global("@@MAX_PRECISION", "38", null, null),
            global("@@DATEFIRST", "7", null, null),
            global("@@LOCK_TIMEOUT", "-1", null, null),
            global("@@TEXTSIZE", "2147483647", null, null),
            global("@@NESTLEVEL", "0", null, null),
            global("@@PROCID", "0", null, null),
            global("@@OPTIONS", "5496", null, null),
            global("@@MAX_CONNECTIONS", "32767", null, null),
            global("@@FETCH_STATUS", "-1", null, null),
            function("SERVERPROPERTY", "SQLMI_SERVERPROPERTY", null, "SessionFunctions.serverProperty"),
            function("DATABASEPROPERTYEX", "SQLMI_DATABASEPROPERTYEX", null, "SessionFunctions.databasePropertyEx"),
            function("DB_NAME", "SQLMI_DB_NAME", SYSNAME, "SessionFunctions.dbName"),
            function("DB_ID", "SQLMI_DB_ID", null, "SessionFunctions.dbId"),
            function("SUSER_SNAME", "SQLMI_SUSER_SNAME", SYSNAME, "SessionFunctions.suserSname"),
            function("SUSER_NAME", "SQLMI_SUSER_SNAME", SYSNAME, null),
            function("ORIGINAL_LOGIN", "SQLMI_SUSER_SNAME", SYSNAME, null),
            function("USER_NAME", "SQLMI_USER_NAME", SYSNAME, "SessionFunctions.userName"),
            function("SCHEMA_NAME", "SQLMI_SCHEMA_NAME", SYSNAME, "SessionFunctions.schemaName"),
            function("SCHEMA_ID", "SQLMI_SCHEMA_ID", null, "CatalogFunctions.schemaId"),
            function("HOST_NAME", "SQLMI_HOST_NAME", SYSNAME, "SessionFunctions.hostName"),
            function("APP_NAME", "SQLMI_APP_NAME", SYSNAME, "SessionFunctions.appName"),
            function("OBJECT_ID", "SQLMI_OBJECT_ID", null, "CatalogFunctions.objectId"),
            function("OBJECT_NAME", "SQLMI_OBJECT_NAME", SYSNAME, "CatalogFunctions.objectName"),
            function("OBJECT_SCHEMA_NAME", "SQLMI_OBJECT_SCHEMA_NAME", SYSNAME, "CatalogFunctions.objectSchemaName"),
            function("OBJECTPROPERTY", "SQLMI_OBJECTPROPERTY", null, "CatalogFunctions.objectProperty"),
            function("COLUMNPROPERTY", "SQLMI_COLUMNPROPERTY", null, "CatalogFunctions.columnProperty"),
            function("TYPE_NAME", "SQLMI_TYPE_NAME", SYSNAME, "CatalogFunctions.typeName"),
            function("DATABASE_PRINCIPAL_ID", "SQLMI_PRINCIPAL_ID", null, "CatalogFunctions.principalId"),
            function("IS_SRVROLEMEMBER", "SQLMI_IS_MEMBER", null, "CatalogFunctions.isMember"),
            function("IS_MEMBER", "SQLMI_IS_MEMBER", null, null),
            function("IS_ROLEMEMBER", "SQLMI_IS_MEMBER", null, null),
            function("HAS_PERMS_BY_NAME", "SQLMI_HAS_PERMS_BY_NAME", null, "CatalogFunctions.hasPermsByName"),
            function("SYSDATETIME", "SQLMI_SYSDATETIME", "TIMESTAMP(7)", "SessionFunctions.sysDateTime"),
            function("SYSUTCDATETIME", "SQLMI_SYSUTCDATETIME", "TIMESTAMP(7)", "SessionFunctions.sysUtcDateTime"),
            function("SYSDATETIMEOFFSET", "SQLMI_SYSDATETIMEOFFSET", "TIMESTAMP(7) WITH TIME ZONE", "SessionFunctions.sysDateTimeOffset"),
            function("GETDATE", "SQLMI_GETDATE", "TIMESTAMP(3)", "SessionFunctions.getDate"),
            function("GETUTCDATE", "SQLMI_GETUTCDATE", "TIMESTAMP(3)", "SessionFunctions.getUtcDate"),
            function("DATALENGTH", "SQLMI_DATALENGTH", null, "SessionFunctions.dataLength"),
            function("IIF", "CASEWHEN", null, null),
            niladic("SYSTEM_USER", "SQLMI_SUSER_SNAME()", SYSNAME),
            niladic("SESSION_USER", "SQLMI_USER_NAME()", SYSNAME),
            niladic("CURRENT_USER", "SQLMI_USER_NAME()", SYSNAME),
            niladic("USER", "SQLMI_USER_NAME()", SYSNAME),
            niladic("CURRENT_TIMESTAMP", "SQLMI_GETDATE()", "TIMESTAMP(3)"));

    private static final Map<String, Builtin> BY_KEY = new HashMap<>();

    static {
        for (Builtin builtin : TABLE) {
            BY_KEY.put(builtin.form() + ":" + builtin.name(), builtin);
        }
    }

    private Builtins() {
    }

    private static Builtin global(String name, String h2, String type, String method) {
        return new Builtin(name, Form.GLOBAL_VARIABLE, h2, type, method);
    }

    private static Builtin function(String name, String h2, String type, String method) {
        return new Builtin(name, Form.FUNCTION, h2, type, method);
    }

    private static Builtin niladic(String name, String h2, String type) {
        return new Builtin(name, Form.NILADIC, h2, type, null);
    }

    public static Builtin find(Form form, String name) {
        return BY_KEY.get(form + ":" + name.toUpperCase(Locale.ROOT));
    }

    /** Every entry, for documentation and tests. */
    public static List<Builtin> all() {
        return TABLE;
    }

    /**
     * The Java-backed aliases to create in every database: alias name and method name. Globals name
     * their function in {@code h2} with "()" appended.
     */
    public static List<String[]> javaAliases() {
        return TABLE.stream().filter(b -> b.javaMethod() != null)
                .map(b -> new String[] {b.h2().replace("()", ""), b.javaMethod()}).toList();
    }
}
