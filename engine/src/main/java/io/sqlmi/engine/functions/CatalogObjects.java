package io.sqlmi.engine.functions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The objects of a database as SQL Server numbers them, read from H2's INFORMATION_SCHEMA: user
 * tables, views, sequences and constraints, each with an object id derived from its schema and
 * name (names are unique within a schema in both engines, so ids are stable across restarts and
 * join across the catalog views), and schema ids (dbo 1, guest 2, INFORMATION_SCHEMA 3, sys 4,
 * others from 5). Object types are SQL Server's letters without the padding of its char(2) column
 * ('U', not 'U '), because H2 compares padded text with IN lists by its spaces.
 */
public final class CatalogObjects {
    /** H2's schemas and the engine's own, which SQL Server clients must not see. */
    public static final Set<String> HIDDEN_SCHEMAS = Set.of("INFORMATION_SCHEMA", "PUBLIC", "SYS",
            "SQLMI_INFORMATION_SCHEMA");

    /** One object of sys.objects. */
    public record DbObject(String schema, String name, String type, String typeDescription, String parentSchema,
            String parentName) {
        public int objectId() {
            return objectKey(schema, name);
        }

        public int parentObjectId() {
            return parentName == null ? 0 : objectKey(parentSchema, parentName);
        }
    }

    private CatalogObjects() {
    }

    /** The object id of schema.name: positive, above the ids of system objects. */
    public static int objectKey(String schema, String name) {
        int hash = (schema.toLowerCase(Locale.ROOT) + "." + name.toLowerCase(Locale.ROOT)).hashCode();
        return Math.floorMod(hash, 2_000_000_000) + 100_000;
    }

    public static int schemaId(String schema) {
        return switch (schema.toLowerCase(Locale.ROOT)) {
            case "dbo" -> 1;
            case "guest" -> 2;
            case "information_schema" -> 3;
            case "sys" -> 4;
            default -> 5 + Math.floorMod(schema.toLowerCase(Locale.ROOT).hashCode(), 16_000);
        };
    }

    public static boolean visible(String schema) {
        return !HIDDEN_SCHEMAS.contains(schema.toUpperCase(Locale.ROOT));
    }

    /** User schemas of the database (dbo, sales, ...). */
    public static List<String> schemas(Connection connection) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA ORDER BY SCHEMA_NAME");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (visible(rows.getString(1))) {
                    schemas.add(rows.getString(1));
                }
            }
        }
        return schemas;
    }

    public static List<DbObject> all(Connection connection) throws SQLException {
        List<DbObject> objects = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (visible(rows.getString(1))) {
                    boolean view = "VIEW".equals(rows.getString(3));
                    objects.add(new DbObject(rows.getString(1), rows.getString(2), view ? "V" : "U",
                            view ? "VIEW" : "USER_TABLE", null, null));
                }
            }
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME, "
                + "CONSTRAINT_TYPE, TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (!visible(rows.getString(1))) {
                    continue;
                }
                String[] type = switch (rows.getString(3)) {
                    case "PRIMARY KEY" -> new String[] {"PK", "PRIMARY_KEY_CONSTRAINT"};
                    case "UNIQUE" -> new String[] {"UQ", "UNIQUE_CONSTRAINT"};
                    case "FOREIGN KEY" -> new String[] {"F", "FOREIGN_KEY_CONSTRAINT"};
                    default -> new String[] {"C", "CHECK_CONSTRAINT"};
                };
                objects.add(new DbObject(rows.getString(1), rows.getString(2), type[0], type[1], rows.getString(4),
                        rows.getString(5)));
            }
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT SEQUENCE_SCHEMA, SEQUENCE_NAME FROM INFORMATION_SCHEMA.SEQUENCES");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (visible(rows.getString(1))) {
                    objects.add(new DbObject(rows.getString(1), rows.getString(2), "SO", "SEQUENCE_OBJECT", null,
                            null));
                }
            }
        }
        return objects;
    }

    /** OBJECT_ID's lookup: 'name', 'schema.name', 'db.schema.name', with or without [brackets]. */
    public static DbObject find(Connection connection, String reference, String type) throws SQLException {
        if (reference == null) {
            return null;
        }
        List<String> parts = splitName(reference);
        if (parts.isEmpty() || parts.size() > 3) {
            return null;
        }
        String name = parts.get(parts.size() - 1);
        String schema = parts.size() >= 2 && !parts.get(parts.size() - 2).isEmpty() ? parts.get(parts.size() - 2)
                : "dbo";
        for (DbObject object : all(connection)) {
            if (object.schema().equalsIgnoreCase(schema) && object.name().equalsIgnoreCase(name)
                    && (type == null || object.type().trim().equalsIgnoreCase(type.trim()))) {
                return object;
            }
        }
        return null;
    }

    public static DbObject byId(Connection connection, int id) throws SQLException {
        for (DbObject object : all(connection)) {
            if (object.objectId() == id) {
                return object;
            }
        }
        return null;
    }

    /** Splits a.b.c on the dots that stand outside [brackets] and "quotes", unquoting each part. */
    static List<String> splitName(String reference) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        char close = 0;
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (close != 0) {
                if (c == close) {
                    if (i + 1 < reference.length() && reference.charAt(i + 1) == close) {
                        part.append(c);
                        i++;
                    } else {
                        close = 0;
                    }
                } else {
                    part.append(c);
                }
            } else if (c == '[') {
                close = ']';
            } else if (c == '"') {
                close = '"';
            } else if (c == '.') {
                parts.add(part.toString().trim());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString().trim());
        return parts;
    }
}
