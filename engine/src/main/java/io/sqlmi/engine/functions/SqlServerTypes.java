package io.sqlmi.engine.functions;

import java.util.List;

/**
 * SQL Server's description of a column stored in H2: the type name, sys.types id and the
 * max_length / precision / scale sys.columns reports. All text is nvarchar / nchar (H2 has no
 * single-byte strings), datetime columns show as datetime2(3), as they are sent on the wire.
 */
public final class SqlServerTypes {
    /** One row of sys.types. */
    public record SystemType(String name, int id, int maxLength, int precision, int scale, boolean variableLength) {
    }

    /** A column's type as sys.columns and INFORMATION_SCHEMA.COLUMNS report it. */
    public record ColumnType(SystemType type, int maxLength, int precision, int scale, Integer characterLength) {
    }

    public static final List<SystemType> SYSTEM_TYPES = List.of(
            new SystemType("image", 34, 16, 0, 0, false),
            new SystemType("text", 35, 16, 0, 0, false),
            new SystemType("uniqueidentifier", 36, 16, 0, 0, false),
            new SystemType("date", 40, 3, 10, 0, false),
            new SystemType("time", 41, 5, 16, 7, false),
            new SystemType("datetime2", 42, 8, 27, 7, false),
            new SystemType("datetimeoffset", 43, 10, 34, 7, false),
            new SystemType("tinyint", 48, 1, 3, 0, false),
            new SystemType("smallint", 52, 2, 5, 0, false),
            new SystemType("int", 56, 4, 10, 0, false),
            new SystemType("smalldatetime", 58, 4, 16, 0, false),
            new SystemType("real", 59, 4, 24, 0, false),
            new SystemType("money", 60, 8, 19, 4, false),
            new SystemType("datetime", 61, 8, 23, 3, false),
            new SystemType("float", 62, 8, 53, 0, false),
            new SystemType("sql_variant", 98, 8016, 0, 0, false),
            new SystemType("ntext", 99, 16, 0, 0, false),
            new SystemType("bit", 104, 1, 1, 0, false),
            new SystemType("decimal", 106, 17, 38, 38, false),
            new SystemType("numeric", 108, 17, 38, 38, false),
            new SystemType("smallmoney", 122, 4, 10, 4, false),
            new SystemType("bigint", 127, 8, 19, 0, false),
            new SystemType("varbinary", 165, 8000, 0, 0, true),
            new SystemType("varchar", 167, 8000, 0, 0, true),
            new SystemType("binary", 173, 8000, 0, 0, false),
            new SystemType("char", 175, 8000, 0, 0, false),
            new SystemType("nvarchar", 231, 8000, 0, 0, true),
            new SystemType("nchar", 239, 8000, 0, 0, false),
            new SystemType("xml", 241, -1, 0, 0, false),
            new SystemType("sysname", 231, 256, 0, 0, true));

    private SqlServerTypes() {
    }

    public static SystemType named(String name) {
        for (SystemType type : SYSTEM_TYPES) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException(name);
    }

    public static String name(int systemTypeId) {
        for (SystemType type : SYSTEM_TYPES) {
            if (type.id() == systemTypeId) {
                return type.name();
            }
        }
        return null;
    }

    /**
     * @param h2Type INFORMATION_SCHEMA.COLUMNS.DATA_TYPE
     * @param domain DOMAIN_NAME (tinyint is a domain)
     * @param characterLength CHARACTER_MAXIMUM_LENGTH (characters or bytes), or null
     */
    public static ColumnType of(String h2Type, String domain, Long characterLength, Integer numericPrecision,
            Integer numericScale, Integer datetimePrecision) {
        if ("SQLMI_TINYINT".equalsIgnoreCase(domain)) {
            return fixed("tinyint");
        }
        int scale = datetimePrecision == null ? 7 : datetimePrecision;
        long length = characterLength == null ? 0 : characterLength;
        return switch (h2Type == null ? "" : h2Type) {
            case "INTEGER" -> fixed("int");
            case "BIGINT" -> fixed("bigint");
            case "SMALLINT" -> fixed("smallint");
            case "TINYINT" -> fixed("tinyint");
            case "BOOLEAN" -> fixed("bit");
            case "REAL" -> fixed("real");
            case "DOUBLE PRECISION", "DECFLOAT" -> fixed("float");
            case "NUMERIC" -> {
                int p = numericPrecision == null ? 18 : Math.min(38, numericPrecision);
                int s = numericScale == null ? 0 : numericScale;
                int bytes = p <= 9 ? 5 : p <= 19 ? 9 : p <= 28 ? 13 : 17;
                yield new ColumnType(named("decimal"), bytes, p, s, null);
            }
            case "CHARACTER VARYING", "VARCHAR_IGNORECASE", "CHARACTER LARGE OBJECT", "JSON" -> length > 4000
                    || h2Type.equals("CHARACTER LARGE OBJECT") || h2Type.equals("JSON")
                    ? new ColumnType(named("nvarchar"), -1, 0, 0, -1)
                    : new ColumnType(named("nvarchar"), (int) length * 2, 0, 0, (int) length);
            case "CHARACTER" -> new ColumnType(named("nchar"), (int) Math.min(length, 4000) * 2, 0, 0, (int) length);
            case "BINARY VARYING", "BINARY LARGE OBJECT" -> length > 8000 || h2Type.equals("BINARY LARGE OBJECT")
                    ? new ColumnType(named("varbinary"), -1, 0, 0, -1)
                    : new ColumnType(named("varbinary"), (int) length, 0, 0, (int) length);
            case "BINARY" -> new ColumnType(named("binary"), (int) length, 0, 0, (int) length);
            case "DATE" -> fixed("date");
            case "TIME", "TIME WITH TIME ZONE" -> new ColumnType(named("time"), timeBytes(scale), scale == 0 ? 8
                    : 9 + scale, scale, null);
            case "TIMESTAMP" -> new ColumnType(named("datetime2"), timeBytes(scale) + 3, scale == 0 ? 19 : 20 + scale,
                    scale, null);
            case "TIMESTAMP WITH TIME ZONE" -> new ColumnType(named("datetimeoffset"), timeBytes(scale) + 5,
                    scale == 0 ? 26 : 27 + scale, scale, null);
            case "UUID" -> fixed("uniqueidentifier");
            default -> fixed("sql_variant");
        };
    }

    private static ColumnType fixed(String name) {
        SystemType type = named(name);
        return new ColumnType(type, type.maxLength(), type.precision(), type.scale(), null);
    }

    private static int timeBytes(int scale) {
        return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
    }
}
