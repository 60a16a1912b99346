package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.util.Locale;
import java.util.Map;

/**
 * T-SQL type names and what H2 stores them as. Only type positions are rewritten (CAST, CONVERT,
 * DECLARE, column definitions, parameter lists), so that a column called {@code xml} or {@code date}
 * stays a column. tinyint becomes a domain over SMALLINT limited to 0..255 because H2's TINYINT is
 * signed; the domain is created in every database (see the catalog's initialisation).
 */
public final class TypeNames {
    public static final String TINYINT_DOMAIN = "PUBLIC.SQLMI_TINYINT";

    /** How a conversion to the type must treat its source (see {@link Rewriter}). */
    public enum Family { TEXT, LOCAL_TEMPORAL, OTHER }

    /** A T-SQL type in H2's spelling, and the family conversions to it belong to. */
    public record H2Type(String sql, Family family) {
    }

    /** Types whose name alone says everything (arguments, where allowed, are rejected or ignored below). */
    private static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("BIT", "BIT"),
            Map.entry("TINYINT", TINYINT_DOMAIN),
            Map.entry("SMALLINT", "SMALLINT"),
            Map.entry("INT", "INT"),
            Map.entry("INTEGER", "INT"),
            Map.entry("BIGINT", "BIGINT"),
            Map.entry("REAL", "REAL"),
            Map.entry("MONEY", "NUMERIC(19,4)"),
            Map.entry("SMALLMONEY", "NUMERIC(10,4)"),
            Map.entry("DATE", "DATE"),
            Map.entry("DATETIME", "TIMESTAMP(3)"),
            Map.entry("SMALLDATETIME", "TIMESTAMP(0)"),
            Map.entry("UNIQUEIDENTIFIER", "UUID"),
            Map.entry("SYSNAME", "NVARCHAR(128)"),
            Map.entry("XML", "NVARCHAR(MAX)"),
            Map.entry("TEXT", "NVARCHAR(MAX)"),
            Map.entry("NTEXT", "NVARCHAR(MAX)"),
            Map.entry("IMAGE", "VARBINARY(MAX)"));

    private static final java.util.Set<String> UNSUPPORTED = java.util.Set.of("SQL_VARIANT", "HIERARCHYID",
            "GEOGRAPHY", "GEOMETRY", "ROWVERSION", "CURSOR", "TABLE", "VECTOR", "JSON");

    private TypeNames() {
    }

    /** Whether a word names a T-SQL type this engine knows (used to tell a type from an expression). */
    public static boolean isTypeName(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        return FIXED.containsKey(upper) || switch (upper) {
            case "DECIMAL", "NUMERIC", "DEC", "FLOAT", "CHAR", "VARCHAR", "NCHAR", "NVARCHAR", "BINARY", "VARBINARY",
                "TIME", "DATETIME2", "DATETIMEOFFSET" -> true;
            default -> false;
        };
    }

    /**
     * Translates a type as written: a name and its arguments text, e.g. ("nvarchar", "(4000)"),
     * ("datetimeoffset", "(7)"), ("decimal", "(38,4)") or ("time", "").
     */
    public static H2Type toH2(String name, String arguments) {
        String upper = name.toUpperCase(Locale.ROOT);
        String args = arguments == null ? "" : arguments.replace(" ", "");
        if (UNSUPPORTED.contains(upper)) {
            throw SqlError.NOT_SUPPORTED.exception(name.toLowerCase(Locale.ROOT));
        }
        if (FIXED.containsKey(upper) && args.isEmpty()) {
            return new H2Type(FIXED.get(upper), family(upper));
        }
        return switch (upper) {
            case "DECIMAL", "NUMERIC", "DEC" -> new H2Type("NUMERIC" + (args.isEmpty() ? "(18,0)" : args), Family.OTHER);
            case "FLOAT" -> new H2Type(floatPrecision(args) <= 24 ? "REAL" : "DOUBLE PRECISION", Family.OTHER);
            case "CHAR", "NCHAR" -> new H2Type(upper + (args.isEmpty() ? "(1)" : args), Family.TEXT);
            case "VARCHAR", "NVARCHAR" -> new H2Type(upper + (args.isEmpty() ? "(30)" : args), Family.TEXT);
            case "BINARY" -> new H2Type("BINARY" + (args.isEmpty() ? "(1)" : args), Family.OTHER);
            case "VARBINARY" -> new H2Type("VARBINARY" + (args.isEmpty() ? "(30)" : args), Family.OTHER);
            case "TIME" -> new H2Type("TIME" + (args.isEmpty() ? "(7)" : args), Family.LOCAL_TEMPORAL);
            case "DATETIME2" -> new H2Type("TIMESTAMP" + (args.isEmpty() ? "(7)" : args), Family.LOCAL_TEMPORAL);
            case "DATETIMEOFFSET" -> new H2Type("TIMESTAMP" + (args.isEmpty() ? "(7)" : args) + " WITH TIME ZONE",
                    Family.OTHER);
            default -> {
                if (FIXED.containsKey(upper)) {
                    throw SqlError.INCORRECT_SYNTAX.exception(arguments);
                }
                throw SqlError.TYPE_NOT_FOUND.exception(name);
            }
        };
    }

    /** Translates a declared type as sp_executesql parameter lists carry it, e.g. "nvarchar(4000)". */
    public static H2Type toH2(String declared) {
        String type = declared.trim();
        int paren = type.indexOf('(');
        String name = (paren < 0 ? type : type.substring(0, paren)).trim();
        return toH2(name, paren < 0 ? "" : type.substring(paren).trim());
    }

    private static Family family(String upper) {
        return switch (upper) {
            case "SYSNAME", "XML", "TEXT", "NTEXT" -> Family.TEXT;
            case "DATE", "DATETIME", "SMALLDATETIME" -> Family.LOCAL_TEMPORAL;
            default -> Family.OTHER;
        };
    }

    private static int floatPrecision(String args) {
        if (args.isEmpty()) {
            return 53;
        }
        try {
            return Integer.parseInt(args.substring(1, args.length() - 1));
        } catch (NumberFormatException e) {
            throw SqlError.INCORRECT_SYNTAX.exception(args);
        }
    }
}
