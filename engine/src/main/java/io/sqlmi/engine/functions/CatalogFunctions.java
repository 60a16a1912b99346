package io.sqlmi.engine.functions;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** OBJECT_ID, OBJECT_NAME, OBJECTPROPERTY, COLUMNPROPERTY, SCHEMA_ID, TYPE_NAME and the permission checks. */
public final class CatalogFunctions {
    private CatalogFunctions() {
    }

    public static Integer objectId(Connection connection, String name) throws SQLException {
        return objectId(connection, name, null);
    }

    /** OBJECT_ID('[schema.]name' [, 'type']): NULL when there is no such object (of that type). */
    public static Integer objectId(Connection connection, String name, String type) throws SQLException {
        CatalogObjects.DbObject found = CatalogObjects.find(connection, name, type);
        return found == null ? null : found.objectId();
    }

    public static String objectName(Connection connection, Integer id) throws SQLException {
        if (id == null) {
            return null;
        }
        CatalogObjects.DbObject found = CatalogObjects.byId(connection, id);
        return found == null ? null : found.name();
    }

    public static String objectName(Connection connection, Integer id, Integer databaseId) throws SQLException {
        return objectName(connection, id);
    }

    public static String objectSchemaName(Connection connection, Integer id) throws SQLException {
        if (id == null) {
            return null;
        }
        CatalogObjects.DbObject found = CatalogObjects.byId(connection, id);
        return found == null ? null : found.schema();
    }

    /** OBJECTPROPERTY: the properties ORMs and migration tools ask about; NULL for others or unknown objects. */
    public static Integer objectProperty(Connection connection, Integer id, String property) throws SQLException {
        if (id == null || property == null) {
            return null;
        }
        CatalogObjects.DbObject found = CatalogObjects.byId(connection, id);
        if (found == null) {
            return null;
        }
        String type = found.type().trim();
        return switch (property.toLowerCase(Locale.ROOT)) {
            case "isusertable", "istable" -> type.equals("U") ? 1 : 0;
            case "isview" -> type.equals("V") ? 1 : 0;
            case "isprimarykey" -> type.equals("PK") ? 1 : 0;
            case "isforeignkey" -> type.equals("F") ? 1 : 0;
            case "isuniquecnst" -> type.equals("UQ") ? 1 : 0;
            case "ischeckcnst" -> type.equals("C") ? 1 : 0;
            case "isconstraint" -> Set2.CONSTRAINTS.contains(type) ? 1 : 0;
            case "isprocedure", "istrigger", "isscalarfunction", "istablefunction", "isdefaultcnst",
                "ismsshipped" -> 0;
            case "ownerid", "schemaid" -> CatalogObjects.schemaId(found.schema());
            case "tablehasidentity" -> hasIdentity(connection, found) ? 1 : 0;
            case "tablehasprimarykey" -> CatalogObjects.all(connection).stream().anyMatch(o -> o.type().equals("PK")
                    && found.name().equalsIgnoreCase(o.parentName()) && found.schema().equalsIgnoreCase(o.parentSchema()))
                    ? 1 : 0;
            default -> null;
        };
    }

    /** The constraint types of sys.objects, and the schemas every database has. */
    private static final class Set2 {
        static final java.util.Set<String> CONSTRAINTS = java.util.Set.of("PK", "UQ", "F", "C", "D");

        static boolean systemSchema(String name) {
            return java.util.Set.of("guest", "information_schema", "sys").contains(name.toLowerCase(Locale.ROOT));
        }
    }

    private static boolean hasIdentity(Connection connection, CatalogObjects.DbObject table) throws SQLException {
        for (CatalogViews.ColumnInfo column : CatalogViews.columnInfos(connection)) {
            if (column.identity() && column.schema().equalsIgnoreCase(table.schema())
                    && column.table().equalsIgnoreCase(table.name())) {
                return true;
            }
        }
        return false;
    }

    /** COLUMNPROPERTY(object_id, 'column', property). */
    public static Integer columnProperty(Connection connection, Integer id, String column, String property)
            throws SQLException {
        if (id == null || column == null || property == null) {
            return null;
        }
        CatalogObjects.DbObject table = CatalogObjects.byId(connection, id);
        if (table == null) {
            return null;
        }
        for (CatalogViews.ColumnInfo c : CatalogViews.columnInfos(connection)) {
            if (c.schema().equalsIgnoreCase(table.schema()) && c.table().equalsIgnoreCase(table.name())
                    && c.name().equalsIgnoreCase(column)) {
                return switch (property.toLowerCase(Locale.ROOT)) {
                    case "isidentity" -> c.identity() ? 1 : 0;
                    case "allowsnull" -> c.nullable() ? 1 : 0;
                    case "iscomputed" -> c.generation() != null ? 1 : 0;
                    case "precision" -> c.type().characterLength() != null ? c.type().characterLength()
                            : c.type().precision();
                    case "scale" -> c.type().scale();
                    case "columnid" -> c.ordinal();
                    case "charmaxlen" -> c.type().characterLength() == null ? null : c.type().characterLength();
                    case "isrowguidcol", "isfulltextindexed", "isxmlindexable", "issparse" -> 0;
                    default -> null;
                };
            }
        }
        return null;
    }

    public static Integer schemaId(Connection connection) {
        return 1;
    }

    public static Integer schemaId(Connection connection, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        if (Set2.systemSchema(name) || CatalogObjects.schemas(connection).stream().anyMatch(name::equalsIgnoreCase)) {
            return CatalogObjects.schemaId(name);
        }
        return null;
    }

    public static String typeName(Integer id) {
        return id == null ? null : id == 256 ? "sysname" : SqlServerTypes.name(id);
    }

    public static Integer principalId() {
        return 1;
    }

    public static Integer principalId(String name) {
        return name == null ? null : name.equalsIgnoreCase("dbo") ? 1 : name.equalsIgnoreCase("guest") ? 2 : null;
    }

    /** Every login here has every right: sa and the instance administrator. */
    public static Integer isMember(String role) {
        return 1;
    }

    public static Integer hasPermsByName(String securable, String securableClass, String permission) {
        return 1;
    }
}
