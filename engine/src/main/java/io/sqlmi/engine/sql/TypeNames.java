package io.sqlmi.engine.sql;

import java.util.Locale;
import java.util.Map;

/**
 * T-SQL type names H2 does not know, or knows with another default precision, and what to write
 * instead. tinyint becomes a domain over SMALLINT limited to 0..255 because H2's TINYINT is
 * signed; the domain is created in every database (see the catalog's initialisation).
 */
public final class TypeNames {
    public static final String TINYINT_DOMAIN = "PUBLIC.SQLMI_TINYINT";

    /** Names rewritten wherever they appear as a word, with no precision given. */
    private static final Map<String, String> BARE = Map.of(
            "TINYINT", TINYINT_DOMAIN,
            "DATETIME", "TIMESTAMP(3)",
            "SMALLDATETIME", "TIMESTAMP(0)",
            "DATETIME2", "TIMESTAMP(7)",
            "DATETIMEOFFSET", "TIMESTAMP(7) WITH TIME ZONE",
            "SYSNAME", "NVARCHAR(128)",
            "XML", "NVARCHAR(MAX)",
            "SMALLMONEY", "NUMERIC(10,4)",
            "NTEXT", "NVARCHAR(MAX)");

    private TypeNames() {
    }

    /** The H2 spelling of a bare T-SQL type word, or null when H2 reads it as it is. */
    public static String bare(String word) {
        return BARE.get(word.toUpperCase(Locale.ROOT));
    }

    /** Whether a type word followed by (precision) needs rewriting, and to what prefix. */
    public static String withPrecision(String word) {
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "DATETIME2" -> "TIMESTAMP";
            case "DATETIMEOFFSET" -> "TIMESTAMP";
            default -> null;
        };
    }

    /**
     * Translates a whole declared type such as {@code nvarchar(4000)}, {@code datetimeoffset(7)}
     * or {@code decimal(38,4)} (as sp_executesql parameter lists carry them) into H2's spelling.
     */
    public static String toH2(String declared) {
        String type = declared.trim();
        int paren = type.indexOf('(');
        String name = (paren < 0 ? type : type.substring(0, paren)).trim();
        String arguments = paren < 0 ? "" : type.substring(paren);
        String upper = name.toUpperCase(Locale.ROOT);
        if (arguments.isEmpty()) {
            if (upper.equals("TIME")) {
                return "TIME(7)";
            }
            String bare = bare(upper);
            return bare != null ? bare : name;
        }
        if (upper.equals("DATETIMEOFFSET")) {
            return "TIMESTAMP" + arguments + " WITH TIME ZONE";
        }
        if (upper.equals("DATETIME2")) {
            return "TIMESTAMP" + arguments;
        }
        if (upper.equals("FLOAT")) {
            return "DOUBLE PRECISION";
        }
        return name + arguments;
    }
}
