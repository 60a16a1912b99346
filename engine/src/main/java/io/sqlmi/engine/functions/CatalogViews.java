package io.sqlmi.engine.functions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.tools.SimpleResultSet;

/**
 * Table functions behind the sys.* catalog views and INFORMATION_SCHEMA.COLUMNS, built from H2's
 * INFORMATION_SCHEMA with SQL Server's column names, ids and type names. H2 calls each once with a
 * "jdbc:columnlist:connection" URL to learn the columns, then again for rows.
 */
public final class CatalogViews {
    private static final Timestamp EPOCH = Timestamp.valueOf("2024-01-01 00:00:00");

    private CatalogViews() {
    }

    /** A column of a user table or view. */
    record ColumnInfo(String schema, String table, String name, int ordinal, boolean nullable,
            SqlServerTypes.ColumnType type, boolean identity, Long identityStart, Long identityIncrement,
            String generation) {
    }

    /** An index of sys.indexes: a PRIMARY KEY or UNIQUE constraint's, or one made by CREATE INDEX. */
    record IndexInfo(String schema, String table, String name, String h2Index, boolean primaryKey,
            boolean uniqueConstraint, boolean unique, int indexId) {
    }

    private static boolean columnListOnly(Connection connection) throws SQLException {
        return connection.getMetaData().getURL().startsWith("jdbc:columnlist:");
    }

    private static SimpleResultSet result(Object[][] columns) {
        SimpleResultSet rows = new SimpleResultSet();
        for (Object[] column : columns) {
            int type = (Integer) column[1];
            int size = type == Types.NVARCHAR ? 128 : type == Types.INTEGER ? 10 : type == Types.SMALLINT ? 5 : 1;
            if (column.length > 2) {
                size = (Integer) column[2];
            }
            rows.addColumn((String) column[0], type, size, 0);
        }
        return rows;
    }

    private static final int NV = Types.NVARCHAR;
    private static final int INT = Types.INTEGER;
    private static final int BIT = Types.BOOLEAN;
    private static final int TS = Types.TIMESTAMP;
    private static final int SMALL = Types.SMALLINT;
    private static final int BIG = Types.BIGINT;

    // ------------------------------------------------------------------ objects, tables, views, schemas

    public static ResultSet objects(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"name", NV}, {"object_id", INT}, {"principal_id", INT},
            {"schema_id", INT}, {"parent_object_id", INT}, {"type", NV, 2}, {"type_desc", NV, 60},
            {"create_date", TS, 23}, {"modify_date", TS, 23}, {"is_ms_shipped", BIT}, {"is_published", BIT},
            {"is_schema_published", BIT}});
        if (!columnListOnly(connection)) {
            for (CatalogObjects.DbObject o : CatalogObjects.all(connection)) {
                rows.addRow(o.name(), o.objectId(), null, CatalogObjects.schemaId(o.schema()), o.parentObjectId(),
                        o.type(), o.typeDescription(), EPOCH, EPOCH, false, false, false);
            }
        }
        return rows;
    }

    public static ResultSet tables(Connection connection) throws SQLException {
        return tablesOrViews(connection, "U");
    }

    public static ResultSet views(Connection connection) throws SQLException {
        return tablesOrViews(connection, "V");
    }

    private static ResultSet tablesOrViews(Connection connection, String type) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"name", NV}, {"object_id", INT}, {"principal_id", INT},
            {"schema_id", INT}, {"parent_object_id", INT}, {"type", NV, 2}, {"type_desc", NV, 60},
            {"create_date", TS, 23}, {"modify_date", TS, 23}, {"is_ms_shipped", BIT}, {"is_published", BIT},
            {"is_schema_published", BIT}, {"lob_data_space_id", INT}, {"is_memory_optimized", BIT},
            {"temporal_type", SMALL}, {"is_external", BIT}, {"schema_name", NV}});
        if (!columnListOnly(connection)) {
            for (CatalogObjects.DbObject o : CatalogObjects.all(connection)) {
                if (o.type().equals(type)) {
                    rows.addRow(o.name(), o.objectId(), null, CatalogObjects.schemaId(o.schema()), 0, o.type(),
                            o.typeDescription(), EPOCH, EPOCH, false, false, false, 0, false, (short) 0, false,
                            o.schema());
                }
            }
        }
        return rows;
    }

    public static ResultSet schemas(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"name", NV}, {"schema_id", INT}, {"principal_id", INT}});
        if (!columnListOnly(connection)) {
            List<String> names = new ArrayList<>(CatalogObjects.schemas(connection));
            for (String system : new String[] {"guest", "INFORMATION_SCHEMA", "sys"}) {
                names.add(system);
            }
            for (String name : names) {
                rows.addRow(name, CatalogObjects.schemaId(name), 1);
            }
        }
        return rows;
    }

    public static ResultSet databasePrincipals(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"name", NV}, {"principal_id", INT}, {"type", Types.CHAR, 1},
            {"type_desc", NV, 60}, {"default_schema_name", NV}, {"owning_principal_id", INT}, {"is_fixed_role", BIT},
            {"authentication_type", INT}, {"authentication_type_desc", NV, 60}});
        if (!columnListOnly(connection)) {
            rows.addRow("dbo", 1, "S", "SQL_USER", "dbo", null, false, 1, "INSTANCE");
            rows.addRow("guest", 2, "S", "SQL_USER", "guest", null, false, 0, "NONE");
            rows.addRow("public", 0, "R", "DATABASE_ROLE", null, 1, false, 0, "NONE");
            rows.addRow("db_owner", 16384, "R", "DATABASE_ROLE", null, 1, true, 0, "NONE");
        }
        return rows;
    }

    // ------------------------------------------------------------------ columns and types

    static List<ColumnInfo> columnInfos(Connection connection) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, "
                + "ORDINAL_POSITION, IS_NULLABLE, DATA_TYPE, DOMAIN_NAME, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, "
                + "NUMERIC_SCALE, DATETIME_PRECISION, IS_IDENTITY, IDENTITY_START, IDENTITY_INCREMENT, IS_GENERATED, "
                + "GENERATION_EXPRESSION FROM INFORMATION_SCHEMA.COLUMNS ORDER BY TABLE_SCHEMA, TABLE_NAME, "
                + "ORDINAL_POSITION");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (!CatalogObjects.visible(rows.getString(1))) {
                    continue;
                }
                SqlServerTypes.ColumnType type = SqlServerTypes.of(rows.getString(6), rows.getString(7),
                        (Long) rows.getObject(8, Long.class), (Integer) rows.getObject(9, Integer.class),
                        (Integer) rows.getObject(10, Integer.class), (Integer) rows.getObject(11, Integer.class));
                columns.add(new ColumnInfo(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                        "YES".equals(rows.getString(5)), type, "YES".equals(rows.getString(12)),
                        rows.getObject(13, Long.class), rows.getObject(14, Long.class),
                        "ALWAYS".equals(rows.getString(15)) ? rows.getString(16) : null));
            }
        }
        return columns;
    }

    public static ResultSet columns(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"object_id", INT}, {"name", NV}, {"column_id", INT},
            {"system_type_id", SMALL}, {"user_type_id", INT}, {"max_length", SMALL}, {"precision", SMALL},
            {"scale", SMALL}, {"collation_name", NV}, {"is_nullable", BIT}, {"is_ansi_padded", BIT},
            {"is_rowguidcol", BIT}, {"is_identity", BIT}, {"is_computed", BIT}, {"is_filestream", BIT},
            {"is_replicated", BIT}, {"is_sparse", BIT}, {"default_object_id", INT}, {"rule_object_id", INT},
            {"is_hidden", BIT}});
        if (!columnListOnly(connection)) {
            for (ColumnInfo c : columnInfos(connection)) {
                boolean text = c.type().characterLength() != null && c.type().type().name().startsWith("n");
                rows.addRow(CatalogObjects.objectKey(c.schema(), c.table()), c.name(), c.ordinal(),
                        (short) c.type().type().id(), c.type().type().id(), (short) c.type().maxLength(),
                        (short) c.type().precision(), (short) c.type().scale(),
                        text ? "SQL_Latin1_General_CP1_CI_AS" : null, c.nullable(), true, false, c.identity(),
                        c.generation() != null, false, false, false, 0, 0, false);
            }
        }
        return rows;
    }

    public static ResultSet identityColumns(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"object_id", INT}, {"name", NV}, {"column_id", INT},
            {"system_type_id", SMALL}, {"seed_value", BIG}, {"increment_value", BIG}, {"last_value", BIG},
            {"is_identity", BIT}});
        if (!columnListOnly(connection)) {
            for (ColumnInfo c : columnInfos(connection)) {
                if (c.identity()) {
                    rows.addRow(CatalogObjects.objectKey(c.schema(), c.table()), c.name(), c.ordinal(),
                            (short) c.type().type().id(), c.identityStart(), c.identityIncrement(), null, true);
                }
            }
        }
        return rows;
    }

    public static ResultSet computedColumns(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"object_id", INT}, {"name", NV}, {"column_id", INT},
            {"definition", NV, 4000}, {"is_persisted", BIT}});
        if (!columnListOnly(connection)) {
            for (ColumnInfo c : columnInfos(connection)) {
                if (c.generation() != null) {
                    rows.addRow(CatalogObjects.objectKey(c.schema(), c.table()), c.name(), c.ordinal(),
                            "(" + c.generation() + ")", false);
                }
            }
        }
        return rows;
    }

    public static ResultSet types(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"name", NV}, {"system_type_id", SMALL},
            {"user_type_id", INT}, {"schema_id", INT}, {"principal_id", INT}, {"max_length", SMALL},
            {"precision", SMALL}, {"scale", SMALL}, {"collation_name", NV}, {"is_nullable", BIT},
            {"is_user_defined", BIT}, {"is_assembly_type", BIT}, {"default_object_id", INT}, {"rule_object_id", INT},
            {"is_table_type", BIT}});
        if (!columnListOnly(connection)) {
            for (SqlServerTypes.SystemType t : SqlServerTypes.SYSTEM_TYPES) {
                boolean text = t.name().contains("char") || t.name().contains("text") || t.name().equals("sysname");
                int userTypeId = t.name().equals("sysname") ? 256 : t.id();
                rows.addRow(t.name(), (short) t.id(), userTypeId, 4, null, (short) t.maxLength(), (short) t.precision(),
                        (short) t.scale(), text ? "SQL_Latin1_General_CP1_CI_AS" : null, !t.name().equals("sysname"),
                        false, false, 0, 0, false);
            }
        }
        return rows;
    }

    /** INFORMATION_SCHEMA.COLUMNS with SQL Server's type names and lengths. */
    public static ResultSet informationSchemaColumns(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"TABLE_CATALOG", NV}, {"TABLE_SCHEMA", NV}, {"TABLE_NAME", NV},
            {"COLUMN_NAME", NV}, {"ORDINAL_POSITION", INT}, {"COLUMN_DEFAULT", NV, 4000}, {"IS_NULLABLE", NV, 3},
            {"DATA_TYPE", NV}, {"CHARACTER_MAXIMUM_LENGTH", INT}, {"CHARACTER_OCTET_LENGTH", INT},
            {"NUMERIC_PRECISION", Types.TINYINT}, {"NUMERIC_PRECISION_RADIX", SMALL}, {"NUMERIC_SCALE", INT},
            {"DATETIME_PRECISION", SMALL}, {"CHARACTER_SET_CATALOG", NV}, {"CHARACTER_SET_SCHEMA", NV},
            {"CHARACTER_SET_NAME", NV}, {"COLLATION_CATALOG", NV}, {"COLLATION_SCHEMA", NV}, {"COLLATION_NAME", NV},
            {"DOMAIN_CATALOG", NV}, {"DOMAIN_SCHEMA", NV}, {"DOMAIN_NAME", NV}});
        if (columnListOnly(connection)) {
            return rows;
        }
        Map<String, String> defaults = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, "
                + "COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS WHERE COLUMN_DEFAULT IS NOT NULL");
             ResultSet found = query.executeQuery()) {
            while (found.next()) {
                defaults.put(found.getString(1) + "." + found.getString(2) + "." + found.getString(3),
                        "(" + found.getString(4) + ")");
            }
        }
        String database = SessionFunctions.dbName();
        for (ColumnInfo c : columnInfos(connection)) {
            String name = c.type().type().name();
            boolean numeric = switch (name) {
                case "tinyint", "smallint", "int", "bigint", "decimal", "numeric", "real", "float", "money",
                    "smallmoney" -> true;
                default -> false;
            };
            boolean temporal = name.startsWith("date") || name.equals("time");
            Integer length = c.type().characterLength();
            Integer octets = length == null ? null : length == -1 ? -1 : name.startsWith("n") ? length * 2 : length;
            rows.addRow(database, c.schema(), c.table(), c.name(), c.ordinal(),
                    defaults.get(c.schema() + "." + c.table() + "." + c.name()), c.nullable() ? "YES" : "NO", name,
                    length, octets, numeric ? (byte) c.type().precision() : null,
                    numeric ? (short) (name.equals("real") || name.equals("float") ? 2 : 10) : null,
                    numeric ? c.type().scale() : null, temporal ? (short) (name.equals("date") ? 0 : c.type().scale())
                            : null, null, null, length != null && name.contains("char") ? "UNICODE" : null, null, null,
                    length != null && name.contains("char") ? "SQL_Latin1_General_CP1_CI_AS" : null, null, null, null);
        }
        return rows;
    }

    // ------------------------------------------------------------------ indexes and constraints

    static List<IndexInfo> indexInfos(Connection connection) throws SQLException {
        List<IndexInfo> indexes = new ArrayList<>();
        Map<String, Integer> next = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, "
                + "INDEX_NAME, CONSTRAINT_TYPE FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS "
                + "WHERE CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE') "
                + "ORDER BY TABLE_SCHEMA, TABLE_NAME, CASE CONSTRAINT_TYPE WHEN 'PRIMARY KEY' THEN 0 ELSE 1 END, "
                + "CONSTRAINT_NAME");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (!CatalogObjects.visible(rows.getString(1))) {
                    continue;
                }
                boolean primary = rows.getString(5).equals("PRIMARY KEY");
                String table = rows.getString(1) + "." + rows.getString(2);
                int id = primary ? 1 : next.merge(table, 2, (a, b) -> a + 1);
                if (primary) {
                    next.putIfAbsent(table, 1);
                }
                indexes.add(new IndexInfo(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        primary, !primary, true, id));
            }
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, "
                + "INDEX_TYPE_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE IS_GENERATED = FALSE "
                + "ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (!CatalogObjects.visible(rows.getString(1))) {
                    continue;
                }
                String table = rows.getString(1) + "." + rows.getString(2);
                int id = next.merge(table, 2, (a, b) -> a + 1);
                indexes.add(new IndexInfo(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(3),
                        false, false, "UNIQUE INDEX".equals(rows.getString(4)), id));
            }
        }
        return indexes;
    }

    public static ResultSet indexes(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"object_id", INT}, {"name", NV}, {"index_id", INT},
            {"type", Types.TINYINT}, {"type_desc", NV, 60}, {"is_unique", BIT}, {"data_space_id", INT},
            {"ignore_dup_key", BIT}, {"is_primary_key", BIT}, {"is_unique_constraint", BIT}, {"fill_factor", Types.TINYINT},
            {"is_padded", BIT}, {"is_disabled", BIT}, {"is_hypothetical", BIT}, {"allow_row_locks", BIT},
            {"allow_page_locks", BIT}, {"has_filter", BIT}, {"filter_definition", NV, 4000}});
        if (!columnListOnly(connection)) {
            for (IndexInfo i : indexInfos(connection)) {
                rows.addRow(CatalogObjects.objectKey(i.schema(), i.table()), i.name(), i.indexId(),
                        (byte) (i.primaryKey() ? 1 : 2), i.primaryKey() ? "CLUSTERED" : "NONCLUSTERED", i.unique(), 1,
                        false, i.primaryKey(), i.uniqueConstraint(), (byte) 0, false, false, false, true, true, false,
                        null);
            }
        }
        return rows;
    }

    public static ResultSet indexColumns(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"object_id", INT}, {"index_id", INT}, {"index_column_id", INT},
            {"column_id", INT}, {"key_ordinal", Types.TINYINT}, {"partition_ordinal", Types.TINYINT},
            {"is_descending_key", BIT}, {"is_included_column", BIT}});
        if (columnListOnly(connection)) {
            return rows;
        }
        Map<String, Integer> ordinals = columnOrdinals(connection);
        Map<String, IndexInfo> byH2Name = new HashMap<>();
        for (IndexInfo index : indexInfos(connection)) {
            byH2Name.put(index.schema() + "." + index.h2Index(), index);
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT INDEX_SCHEMA, INDEX_NAME, TABLE_SCHEMA, "
                + "TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, ORDERING_SPECIFICATION FROM INFORMATION_SCHEMA.INDEX_COLUMNS "
                + "ORDER BY INDEX_SCHEMA, INDEX_NAME, ORDINAL_POSITION");
             ResultSet found = query.executeQuery()) {
            while (found.next()) {
                IndexInfo index = byH2Name.get(found.getString(1) + "." + found.getString(2));
                if (index == null) {
                    continue;
                }
                String table = found.getString(3) + "." + found.getString(4);
                rows.addRow(CatalogObjects.objectKey(found.getString(3), found.getString(4)), index.indexId(),
                        found.getInt(6), ordinals.getOrDefault(table + "." + found.getString(5), 0),
                        (byte) found.getInt(6), (byte) 0, "DESC".equals(found.getString(7)), false);
            }
        }
        return rows;
    }

    private static Map<String, Integer> columnOrdinals(Connection connection) throws SQLException {
        Map<String, Integer> ordinals = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION FROM INFORMATION_SCHEMA.COLUMNS");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ordinals.put(rows.getString(1) + "." + rows.getString(2) + "." + rows.getString(3), rows.getInt(4));
            }
        }
        return ordinals;
    }

    public static ResultSet keyConstraints(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"name", NV}, {"object_id", INT}, {"principal_id", INT},
            {"schema_id", INT}, {"parent_object_id", INT}, {"type", NV, 2}, {"type_desc", NV, 60},
            {"unique_index_id", INT}, {"is_system_named", BIT}, {"is_ms_shipped", BIT}});
        if (!columnListOnly(connection)) {
            for (IndexInfo i : indexInfos(connection)) {
                if (i.primaryKey() || i.uniqueConstraint()) {
                    rows.addRow(i.name(), CatalogObjects.objectKey(i.schema(), i.name()), null,
                            CatalogObjects.schemaId(i.schema()), CatalogObjects.objectKey(i.schema(), i.table()),
                            i.primaryKey() ? "PK" : "UQ", i.primaryKey() ? "PRIMARY_KEY_CONSTRAINT" : "UNIQUE_CONSTRAINT",
                            i.indexId(), i.name().startsWith("CONSTRAINT_"), false);
                }
            }
        }
        return rows;
    }

    /** A foreign key: its table, the referenced table, actions, and its column pairs. */
    private record ForeignKey(String schema, String name, String table, String referencedSchema,
            String referencedTable, String deleteRule, String updateRule, List<String[]> columns) {
    }

    private static List<ForeignKey> foreignKeyInfos(Connection connection) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        String sql = "SELECT rc.CONSTRAINT_SCHEMA, rc.CONSTRAINT_NAME, fk.TABLE_NAME, uq.TABLE_SCHEMA, uq.TABLE_NAME, "
                + "rc.DELETE_RULE, rc.UPDATE_RULE, rc.UNIQUE_CONSTRAINT_SCHEMA, rc.UNIQUE_CONSTRAINT_NAME "
                + "FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc "
                + "JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS fk ON fk.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA "
                + "AND fk.CONSTRAINT_NAME = rc.CONSTRAINT_NAME "
                + "JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS uq ON uq.CONSTRAINT_SCHEMA = rc.UNIQUE_CONSTRAINT_SCHEMA "
                + "AND uq.CONSTRAINT_NAME = rc.UNIQUE_CONSTRAINT_NAME ORDER BY rc.CONSTRAINT_SCHEMA, rc.CONSTRAINT_NAME";
        List<String[]> found = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String[] row = new String[9];
                for (int i = 0; i < 9; i++) {
                    row[i] = rows.getString(i + 1);
                }
                found.add(row);
            }
        }
        for (String[] row : found) {
            if (!CatalogObjects.visible(row[0])) {
                continue;
            }
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT f.COLUMN_NAME, u.COLUMN_NAME FROM "
                    + "INFORMATION_SCHEMA.KEY_COLUMN_USAGE f JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE u "
                    + "ON u.CONSTRAINT_SCHEMA = ? AND u.CONSTRAINT_NAME = ? "
                    + "AND u.ORDINAL_POSITION = f.POSITION_IN_UNIQUE_CONSTRAINT "
                    + "WHERE f.CONSTRAINT_SCHEMA = ? AND f.CONSTRAINT_NAME = ? ORDER BY f.ORDINAL_POSITION")) {
                query.setString(1, row[7]);
                query.setString(2, row[8]);
                query.setString(3, row[0]);
                query.setString(4, row[1]);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        columns.add(new String[] {rows.getString(1), rows.getString(2)});
                    }
                }
            }
            keys.add(new ForeignKey(row[0], row[1], row[2], row[3], row[4], row[5], row[6], columns));
        }
        return keys;
    }

    private static int action(String rule) {
        return switch (rule == null ? "" : rule) {
            case "CASCADE" -> 1;
            case "SET NULL" -> 2;
            case "SET DEFAULT" -> 3;
            default -> 0;
        };
    }

    private static final String[] ACTIONS = {"NO_ACTION", "CASCADE", "SET_NULL", "SET_DEFAULT"};

    public static ResultSet foreignKeys(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"name", NV}, {"object_id", INT}, {"principal_id", INT},
            {"schema_id", INT}, {"parent_object_id", INT}, {"type", NV, 2}, {"type_desc", NV, 60},
            {"referenced_object_id", INT}, {"key_index_id", INT}, {"is_disabled", BIT}, {"is_not_trusted", BIT},
            {"delete_referential_action", Types.TINYINT}, {"delete_referential_action_desc", NV, 60},
            {"update_referential_action", Types.TINYINT}, {"update_referential_action_desc", NV, 60},
            {"is_system_named", BIT}, {"is_ms_shipped", BIT}});
        if (!columnListOnly(connection)) {
            for (ForeignKey k : foreignKeyInfos(connection)) {
                int delete = action(k.deleteRule());
                int update = action(k.updateRule());
                rows.addRow(k.name(), CatalogObjects.objectKey(k.schema(), k.name()), null,
                        CatalogObjects.schemaId(k.schema()), CatalogObjects.objectKey(k.schema(), k.table()), "F",
                        "FOREIGN_KEY_CONSTRAINT", CatalogObjects.objectKey(k.referencedSchema(), k.referencedTable()), 1,
                        false, false, (byte) delete, ACTIONS[delete], (byte) update, ACTIONS[update],
                        k.name().startsWith("CONSTRAINT_"), false);
            }
        }
        return rows;
    }

    public static ResultSet foreignKeyColumns(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"constraint_object_id", INT}, {"constraint_column_id", INT},
            {"parent_object_id", INT}, {"parent_column_id", INT}, {"referenced_object_id", INT},
            {"referenced_column_id", INT}});
        if (columnListOnly(connection)) {
            return rows;
        }
        Map<String, Integer> ordinals = columnOrdinals(connection);
        for (ForeignKey k : foreignKeyInfos(connection)) {
            for (int n = 0; n < k.columns().size(); n++) {
                String[] pair = k.columns().get(n);
                rows.addRow(CatalogObjects.objectKey(k.schema(), k.name()), n + 1,
                        CatalogObjects.objectKey(k.schema(), k.table()),
                        ordinals.getOrDefault(k.schema() + "." + k.table() + "." + pair[0], 0),
                        CatalogObjects.objectKey(k.referencedSchema(), k.referencedTable()),
                        ordinals.getOrDefault(k.referencedSchema() + "." + k.referencedTable() + "." + pair[1], 0));
            }
        }
        return rows;
    }

    public static ResultSet checkConstraints(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"name", NV}, {"object_id", INT}, {"schema_id", INT},
            {"parent_object_id", INT}, {"type", NV, 2}, {"type_desc", NV, 60}, {"definition", NV, 4000},
            {"is_disabled", BIT}, {"is_system_named", BIT}});
        if (columnListOnly(connection)) {
            return rows;
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT tc.CONSTRAINT_SCHEMA, tc.CONSTRAINT_NAME, "
                + "tc.TABLE_NAME, cc.CHECK_CLAUSE FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc "
                + "JOIN INFORMATION_SCHEMA.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA "
                + "AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME WHERE tc.CONSTRAINT_TYPE = 'CHECK'");
             ResultSet found = query.executeQuery()) {
            while (found.next()) {
                if (CatalogObjects.visible(found.getString(1))) {
                    rows.addRow(found.getString(2), CatalogObjects.objectKey(found.getString(1), found.getString(2)),
                            CatalogObjects.schemaId(found.getString(1)),
                            CatalogObjects.objectKey(found.getString(1), found.getString(3)), "C", "CHECK_CONSTRAINT",
                            "(" + found.getString(4) + ")", false, found.getString(2).startsWith("CONSTRAINT_"));
                }
            }
        }
        return rows;
    }

    public static ResultSet sequences(Connection connection) throws SQLException {
        SimpleResultSet rows = result(new Object[][] {{"name", NV}, {"object_id", INT}, {"schema_id", INT},
            {"type", NV, 2}, {"type_desc", NV, 60}, {"start_value", BIG}, {"increment", BIG},
            {"minimum_value", BIG}, {"maximum_value", BIG}, {"is_cycling", BIT}, {"current_value", BIG}});
        if (columnListOnly(connection)) {
            return rows;
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT SEQUENCE_SCHEMA, SEQUENCE_NAME, "
                + "START_VALUE, INCREMENT, MINIMUM_VALUE, MAXIMUM_VALUE, CYCLE_OPTION, BASE_VALUE "
                + "FROM INFORMATION_SCHEMA.SEQUENCES");
             ResultSet found = query.executeQuery()) {
            while (found.next()) {
                if (CatalogObjects.visible(found.getString(1))) {
                    rows.addRow(found.getString(2), CatalogObjects.objectKey(found.getString(1), found.getString(2)),
                            CatalogObjects.schemaId(found.getString(1)), "SO", "SEQUENCE_OBJECT", found.getLong(3),
                            found.getLong(4), found.getLong(5), found.getLong(6), "YES".equals(found.getString(7)),
                            found.getLong(8) - found.getLong(4));
                }
            }
        }
        return rows;
    }

    /** Empty views shaped as sys.default_constraints. */
    public static ResultSet emptyDefaults(Connection connection) throws SQLException {
        return empty("default_constraints");
    }

    /** Empty views shaped as sys.extended_properties. */
    public static ResultSet emptyProperties(Connection connection) throws SQLException {
        return empty("extended_properties");
    }

    /** Empty views shaped as sys.sysusers. */
    public static ResultSet emptyUsers(Connection connection) throws SQLException {
        return empty("sysusers");
    }

    /** Empty views of objects the engine has none of (triggers, procedures, assemblies, queues...). */
    public static ResultSet emptyObjects(Connection connection) throws SQLException {
        return empty("objects");
    }

    /** Views SQL Server has that are empty here (no defaults as objects, no extended properties, no modules). */
    private static ResultSet empty(String view) {
        Object[][] columns = switch (view) {
            case "default_constraints" -> new Object[][] {{"name", NV}, {"object_id", INT}, {"parent_object_id", INT},
                {"parent_column_id", INT}, {"definition", NV, 4000}, {"schema_id", INT}, {"type", NV, 2}};
            case "extended_properties" -> new Object[][] {{"class", Types.TINYINT}, {"class_desc", NV, 60},
                {"major_id", INT}, {"minor_id", INT}, {"name", NV}, {"value", NV, 4000}};
            case "sysusers" -> new Object[][] {{"uid", SMALL}, {"name", NV}, {"issqluser", INT}, {"islogin", INT},
                {"isntuser", INT}, {"isntgroup", INT}, {"issqlrole", INT}, {"isapprole", INT}, {"hasdbaccess", INT}};
            default -> new Object[][] {{"name", NV}, {"object_id", INT}, {"parent_object_id", INT},
                {"schema_id", INT}, {"principal_id", INT}, {"type", NV, 2}, {"type_desc", NV, 60},
                {"is_ms_shipped", BIT}, {"is_user_defined", BIT}, {"parent_id", INT}, {"parent_class_desc", NV, 60},
                {"service_queue_id", INT}, {"create_date", TS, 23}, {"modify_date", TS, 23}};
        };
        return result(columns);
    }
}
