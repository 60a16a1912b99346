package io.sqlmi.engine.errors;

import java.util.Locale;

/**
 * SQL Server messages the engine raises: number, class (severity), text template, and whether the
 * error ends the rest of the batch. Numbers, classes and wording follow SQL Server's sys.messages;
 * 47072 is Azure's (azure-sql-mi-facts.md section 8), whose class is not documented: 14, like
 * the other login failures.
 */
public enum SqlError {
    INCORRECT_SYNTAX(102, 15, true, "Incorrect syntax near '%s'."),
    MUST_DECLARE_VARIABLE(137, 15, true, "Must declare the scalar variable \"%s\"."),
    NOT_A_BUILTIN_FUNCTION(195, 15, true, "'%s' is not a recognized built-in function name."),
    INVALID_COLUMN(207, 16, true, "Invalid column name '%s'."),
    INVALID_OBJECT(208, 16, true, "Invalid object name '%s'."),
    CONVERSION_FAILED(245, 16, false, "Conversion failed: %s"),
    NULL_NOT_ALLOWED(515, 16, false,
            "Cannot insert the value NULL into column '%s', table '%s'; column does not allow nulls. %s fails."),
    CONSTRAINT_CONFLICT(547, 16, false,
            "The %s statement conflicted with the %s constraint \"%s\". The conflict occurred in database \"%s\", table \"%s\"."),
    DATABASE_NOT_FOUND(911, 16, true, "Database '%s' does not exist. Make sure that the name is entered correctly."),
    DEADLOCK_VICTIM(1205, 13, true, "Transaction (Process ID %d) was deadlocked on lock resources with another process "
            + "and has been chosen as the deadlock victim. Rerun the transaction."),
    LOCK_TIMEOUT(1222, 16, false, "Lock request time out period exceeded."),
    DATABASE_EXISTS(1801, 16, false, "Database '%s' already exists. Choose a different database name."),
    DUPLICATE_UNIQUE_INDEX(2601, 14, false,
            "Cannot insert duplicate key row in object '%s' with unique index '%s'. The duplicate key value is %s."),
    DUPLICATE_KEY(2627, 14, false, "Violation of %s constraint '%s'. Cannot insert duplicate key in object '%s'. "
            + "The duplicate key value is %s."),
    TYPE_NOT_FOUND(2715, 16, true, "Cannot find data type %s."),
    SCHEMA_NOT_FOUND(2760, 16, true,
            "The specified schema name \"%s\" either does not exist or you do not have permission to use it."),
    STRING_TRUNCATED(2628, 16, false, "String or binary data would be truncated in table '%s', column '%s'."),
    OBJECT_EXISTS(2714, 16, false, "There is already an object named '%s' in the database."),
    PROCEDURE_NOT_FOUND(2812, 16, true, "Could not find stored procedure '%s'."),
    CANNOT_DROP_TABLE(3701, 11, false,
            "Cannot drop the table '%s', because it does not exist or you do not have permission."),
    CANNOT_DROP_DATABASE_MISSING(3701, 11, false,
            "Cannot drop the database '%s', because it does not exist or you do not have permission."),
    CANNOT_DROP_SYSTEM_DATABASE(3708, 16, false, "Cannot drop the database '%s' because it is a system database."),
    DATABASE_IN_USE(3702, 16, false, "Cannot drop database \"%s\" because it is currently in use."),
    COMMIT_WITHOUT_BEGIN(3902, 16, false, "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION."),
    ROLLBACK_WITHOUT_BEGIN(3903, 16, false,
            "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION."),
    SAVE_WITHOUT_TRANSACTION(628, 16, false,
            "Cannot issue SAVE TRANSACTION when there is no active transaction."),
    NO_SUCH_SAVEPOINT(6401, 16, false,
            "Cannot roll back %s. No transaction or savepoint of that name was found."),
    TDS_STREAM_INCORRECT(4002, 16, true, "The incoming tabular data stream (TDS) protocol stream is incorrect. %s"),
    CANNOT_OPEN_DATABASE(4060, 11, true, "Cannot open database \"%s\" requested by the login. The login failed."),
    SHUTDOWN_IN_PROGRESS(6005, 14, true, "SHUTDOWN is in progress."),
    ARITHMETIC_OVERFLOW(8115, 16, false, "Arithmetic overflow error: %s"),
    DIVIDE_BY_ZERO(8134, 16, false, "Divide by zero error encountered."),
    PARAMETER_NOT_SUPPLIED(8178, 16, false,
            "The parameterized query expects the parameter '%s', which was not supplied."),
    PREPARED_HANDLE_NOT_FOUND(8179, 16, false, "Could not find prepared statement with handle %d."),
    MAX_CONNECTIONS(17809, 20, true, "Could not connect because the maximum number of '%d' user connections has "
            + "already been reached. The system administrator can use sp_configure to increase the maximum value. "
            + "The connection has been closed."),
    LOGIN_PACKET_INVALID(17832, 20, true, "The login packet used to open the connection is structurally invalid; "
            + "the connection has been closed. Please contact the vendor of the client library."),
    UNTRUSTED_DOMAIN(18452, 14, true,
            "Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication."),
    LOGIN_FAILED(18456, 14, true, "Login failed for user '%s'."),
    ASSIGNMENT_WITH_RETRIEVAL(141, 15, true,
            "A SELECT statement that assigns a value to a variable must not be combined with data-retrieval operations."),
    UNKNOWN_SET_OPTION(195, 15, true, "'%s' is not a recognized SET option."),
    MERGE_WITHOUT_SEMICOLON(10713, 15, true, "A MERGE statement must be terminated by a semi-colon (;)."),
    MULTIPART_NOT_BOUND(4104, 16, true, "The multi-part identifier \"%s\" could not be bound."),
    READ_ONLY_DATABASE(3906, 16, false, "Failed to update database \"%s\" because the database is read-only."),
    NOT_SUPPORTED(40517, 16, true, "Keyword or statement option '%s' is not supported in this version of SQL Server."),
    INVALID_TLS_VERSION(47072, 14, true, "Login failed with invalid TLS version"),
    USER_ERROR(50000, 16, false, "%s"),
    CHANGED_DATABASE(5701, 0, false, "Changed database context to '%s'."),
    CHANGED_LANGUAGE(5703, 0, false, "Changed language setting to %s.");

    private final int number;
    private final int severity;
    private final boolean abortsBatch;
    private final String template;

    SqlError(int number, int severity, boolean abortsBatch, String template) {
        this.number = number;
        this.severity = severity;
        this.abortsBatch = abortsBatch;
        this.template = template;
    }

    public int number() {
        return number;
    }

    public int severity() {
        return severity;
    }

    public String format(Object... arguments) {
        return String.format(Locale.ROOT, template, arguments);
    }

    public SqlServerException exception(Object... arguments) {
        return new SqlServerException(number, severity, 1, format(arguments), abortsBatch, null);
    }

    public SqlServerException exception(Throwable cause, Object... arguments) {
        return new SqlServerException(number, severity, 1, format(arguments), abortsBatch, cause);
    }
}
