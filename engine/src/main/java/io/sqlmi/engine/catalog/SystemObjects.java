package io.sqlmi.engine.catalog;

import io.sqlmi.engine.sql.Builtins;
import io.sqlmi.engine.sql.TypeNames;
import java.util.ArrayList;
import java.util.List;

/**
 * What every database gets at its first opening by an engine: the dbo and sys schemas, the tinyint
 * domain, the SQLMI_* functions and aggregates (the built-ins of {@link Builtins} and the conversion
 * helpers), the sys.* catalog views and an INFORMATION_SCHEMA with SQL Server's names and types
 * (H2's own stays where it is; the translator points T-SQL's INFORMATION_SCHEMA at this one). All
 * of it is recreated at each engine start, so a newer engine's definitions replace an older one's.
 */
final class SystemObjects {
    private static final String FUNCTIONS = "io.sqlmi.engine.functions.";
    private static final String HIDDEN = "('INFORMATION_SCHEMA', 'PUBLIC', 'SYS', 'SQLMI_INFORMATION_SCHEMA')";

    /** sys views backed by a table function of CatalogViews (view name, method). */
    private static final String[][] CATALOG_VIEWS = {
        {"objects", "objects"}, {"all_objects", "objects"}, {"tables", "tables"}, {"views", "views"},
        {"schemas", "schemas"}, {"columns", "columns"}, {"all_columns", "columns"}, {"types", "types"},
        {"indexes", "indexes"}, {"index_columns", "indexColumns"}, {"foreign_keys", "foreignKeys"},
        {"foreign_key_columns", "foreignKeyColumns"}, {"key_constraints", "keyConstraints"},
        {"check_constraints", "checkConstraints"}, {"identity_columns", "identityColumns"},
        {"computed_columns", "computedColumns"}, {"sequences", "sequences"},
        {"database_principals", "databasePrincipals"}};
    /** sys views that are empty here. */
    private static final String[] EMPTY_VIEWS = {"default_constraints", "extended_properties", "triggers",
        "procedures", "synonyms", "assemblies", "xml_schema_collections", "partition_schemes", "partition_functions",
        "service_queues", "services", "symmetric_keys", "fulltext_catalogs", "fulltext_stoplists",
        "event_notifications", "registered_search_property_lists", "column_master_keys", "column_encryption_keys",
        "sysusers", "sql_modules", "parameters", "table_types", "plan_guides"};
    private static final String[] INFORMATION_SCHEMA_VIEWS = {"TABLES", "COLUMNS", "VIEWS", "SCHEMATA",
        "TABLE_CONSTRAINTS", "KEY_COLUMN_USAGE", "REFERENTIAL_CONSTRAINTS", "CONSTRAINT_COLUMN_USAGE",
        "CHECK_CONSTRAINTS", "SEQUENCES", "ROUTINES"};

    private SystemObjects() {
    }

    /** The statements, in order. */
    static List<String> statements() {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE SCHEMA IF NOT EXISTS dbo");
        sql.add("CREATE SCHEMA IF NOT EXISTS sys");
        sql.add("CREATE SCHEMA IF NOT EXISTS SQLMI_INFORMATION_SCHEMA");
        sql.add("CREATE DOMAIN IF NOT EXISTS " + TypeNames.TINYINT_DOMAIN + " AS SMALLINT CHECK (VALUE BETWEEN 0 AND 255)");
        List<String> views = new ArrayList<>(List.of("databases", "dm_exec_connections"));
        for (String[] view : CATALOG_VIEWS) {
            views.add(view[0]);
        }
        views.addAll(List.of(EMPTY_VIEWS));
        for (String view : views) {
            sql.add("DROP VIEW IF EXISTS sys." + view + " CASCADE");
        }
        for (String view : INFORMATION_SCHEMA_VIEWS) {
            sql.add("DROP VIEW IF EXISTS SQLMI_INFORMATION_SCHEMA." + view + " CASCADE");
        }
        List<String[]> aliases = new ArrayList<>(Builtins.javaAliases());
        aliases.add(new String[] {"SQLMI_TO_TEXT", "Conversions.toText"});
        aliases.add(new String[] {"SQLMI_TO_LOCAL", "Conversions.toLocal"});
        aliases.add(new String[] {"SQLMI_TO_VALUE", "Conversions.toValue"});
        aliases.add(new String[] {"SQLMI_DATABASES", "SystemViews.databases"});
        aliases.add(new String[] {"SQLMI_CONNECTIONS", "SystemViews.connections"});
        aliases.add(new String[] {"SQLMI_EMPTY_DEFAULTS", "CatalogViews.emptyDefaults"});
        aliases.add(new String[] {"SQLMI_EMPTY_PROPERTIES", "CatalogViews.emptyProperties"});
        aliases.add(new String[] {"SQLMI_EMPTY_USERS", "CatalogViews.emptyUsers"});
        aliases.add(new String[] {"SQLMI_EMPTY_OBJECTS", "CatalogViews.emptyObjects"});
        aliases.add(new String[] {"SQLMI_INFORMATION_SCHEMA_COLUMNS", "CatalogViews.informationSchemaColumns"});
        for (String[] view : CATALOG_VIEWS) {
            aliases.add(new String[] {"SQLMI_CATALOG_" + view[1].toUpperCase(), "CatalogViews." + view[1]});
        }
        java.util.Set<String> created = new java.util.HashSet<>();
        for (String[] alias : aliases) {
            if (created.add(alias[0])) {
                sql.add("DROP ALIAS IF EXISTS PUBLIC." + alias[0]);
                sql.add("CREATE ALIAS PUBLIC." + alias[0] + " FOR \"" + FUNCTIONS + alias[1] + "\"");
            }
        }
        sql.add("DROP AGGREGATE IF EXISTS PUBLIC.SQLMI_SUM");
        sql.add("CREATE AGGREGATE PUBLIC.SQLMI_SUM FOR \"" + FUNCTIONS + "Aggregates$Sum\"");
        sql.add("DROP AGGREGATE IF EXISTS PUBLIC.SQLMI_AVG");
        sql.add("CREATE AGGREGATE PUBLIC.SQLMI_AVG FOR \"" + FUNCTIONS + "Aggregates$Avg\"");
        sql.add("CREATE VIEW sys.databases AS SELECT * FROM PUBLIC.SQLMI_DATABASES()");
        sql.add("CREATE VIEW sys.dm_exec_connections AS SELECT * FROM PUBLIC.SQLMI_CONNECTIONS()");
        for (String[] view : CATALOG_VIEWS) {
            sql.add("CREATE VIEW sys." + view[0] + " AS SELECT * FROM PUBLIC.SQLMI_CATALOG_" + view[1].toUpperCase()
                    + "()");
        }
        for (String view : EMPTY_VIEWS) {
            String function = switch (view) {
                case "default_constraints" -> "SQLMI_EMPTY_DEFAULTS";
                case "extended_properties" -> "SQLMI_EMPTY_PROPERTIES";
                case "sysusers" -> "SQLMI_EMPTY_USERS";
                default -> "SQLMI_EMPTY_OBJECTS";
            };
            sql.add("CREATE VIEW sys." + view + " AS SELECT * FROM PUBLIC." + function + "()");
        }
        sql.addAll(informationSchema());
        return sql;
    }

    private static List<String> informationSchema() {
        String catalog = "CAST(PUBLIC.SQLMI_DB_NAME() AS NVARCHAR(128))";
        String visible = " NOT IN " + HIDDEN;
        return List.of(
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.TABLES AS SELECT " + catalog + " AS TABLE_CATALOG, "
                        + "TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE UPPER(TABLE_SCHEMA)" + visible,
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.COLUMNS AS SELECT * FROM PUBLIC.SQLMI_INFORMATION_SCHEMA_COLUMNS()",
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.VIEWS AS SELECT " + catalog + " AS TABLE_CATALOG, TABLE_SCHEMA, "
                        + "TABLE_NAME, VIEW_DEFINITION, 'NONE' AS CHECK_OPTION, 'NO' AS IS_UPDATABLE "
                        + "FROM INFORMATION_SCHEMA.VIEWS WHERE UPPER(TABLE_SCHEMA)" + visible,
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.SCHEMATA AS SELECT " + catalog + " AS CATALOG_NAME, SCHEMA_NAME, "
                        + "'dbo' AS SCHEMA_OWNER, CAST(NULL AS NVARCHAR(128)) AS DEFAULT_CHARACTER_SET_CATALOG, "
                        + "CAST(NULL AS NVARCHAR(128)) AS DEFAULT_CHARACTER_SET_SCHEMA, 'iso_1' AS DEFAULT_CHARACTER_SET_NAME "
                        + "FROM (SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE UPPER(SCHEMA_NAME)" + visible
                        + " UNION ALL SELECT 'guest' UNION ALL SELECT 'INFORMATION_SCHEMA' UNION ALL SELECT 'sys') s",
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.TABLE_CONSTRAINTS AS SELECT " + catalog + " AS CONSTRAINT_CATALOG, "
                        + "CONSTRAINT_SCHEMA, CONSTRAINT_NAME, " + catalog + " AS TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, "
                        + "CONSTRAINT_TYPE, 'NO' AS IS_DEFERRABLE, 'NO' AS INITIALLY_DEFERRED "
                        + "FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE UPPER(TABLE_SCHEMA)" + visible,
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.KEY_COLUMN_USAGE AS SELECT " + catalog + " AS CONSTRAINT_CATALOG, "
                        + "CONSTRAINT_SCHEMA, CONSTRAINT_NAME, " + catalog + " AS TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, "
                        + "COLUMN_NAME, ORDINAL_POSITION FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE "
                        + "WHERE UPPER(TABLE_SCHEMA)" + visible,
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS AS SELECT " + catalog
                        + " AS CONSTRAINT_CATALOG, CONSTRAINT_SCHEMA, CONSTRAINT_NAME, " + catalog
                        + " AS UNIQUE_CONSTRAINT_CATALOG, UNIQUE_CONSTRAINT_SCHEMA, UNIQUE_CONSTRAINT_NAME, "
                        + "'SIMPLE' AS MATCH_OPTION, CASE UPDATE_RULE WHEN 'RESTRICT' THEN 'NO ACTION' ELSE UPDATE_RULE END "
                        + "AS UPDATE_RULE, CASE DELETE_RULE WHEN 'RESTRICT' THEN 'NO ACTION' ELSE DELETE_RULE END "
                        + "AS DELETE_RULE FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS "
                        + "WHERE UPPER(CONSTRAINT_SCHEMA)" + visible,
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.CONSTRAINT_COLUMN_USAGE AS SELECT " + catalog + " AS TABLE_CATALOG, "
                        + "TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, " + catalog + " AS CONSTRAINT_CATALOG, CONSTRAINT_SCHEMA, "
                        + "CONSTRAINT_NAME FROM INFORMATION_SCHEMA.CONSTRAINT_COLUMN_USAGE WHERE UPPER(TABLE_SCHEMA)"
                        + visible,
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.CHECK_CONSTRAINTS AS SELECT " + catalog + " AS CONSTRAINT_CATALOG, "
                        + "CONSTRAINT_SCHEMA, CONSTRAINT_NAME, '(' || CHECK_CLAUSE || ')' AS CHECK_CLAUSE "
                        + "FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS WHERE UPPER(CONSTRAINT_SCHEMA)" + visible,
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.SEQUENCES AS SELECT " + catalog + " AS SEQUENCE_CATALOG, "
                        + "SEQUENCE_SCHEMA, SEQUENCE_NAME, CASE DATA_TYPE WHEN 'BIGINT' THEN 'bigint' WHEN 'INTEGER' "
                        + "THEN 'int' WHEN 'SMALLINT' THEN 'smallint' WHEN 'TINYINT' THEN 'tinyint' ELSE 'decimal' END "
                        + "AS DATA_TYPE, NUMERIC_PRECISION, NUMERIC_PRECISION_RADIX, NUMERIC_SCALE, START_VALUE, "
                        + "MINIMUM_VALUE, MAXIMUM_VALUE, INCREMENT, CASE CYCLE_OPTION WHEN 'YES' THEN 1 ELSE 0 END "
                        + "AS CYCLE_OPTION, CAST(NULL AS NVARCHAR(128)) AS DECLARED_DATA_TYPE, "
                        + "CAST(NULL AS INT) AS DECLARED_NUMERIC_PRECISION, CAST(NULL AS INT) AS DECLARED_NUMERIC_SCALE "
                        + "FROM INFORMATION_SCHEMA.SEQUENCES WHERE UPPER(SEQUENCE_SCHEMA)" + visible,
                "CREATE VIEW SQLMI_INFORMATION_SCHEMA.ROUTINES AS SELECT CAST(NULL AS NVARCHAR(128)) AS SPECIFIC_CATALOG, "
                        + "CAST(NULL AS NVARCHAR(128)) AS SPECIFIC_SCHEMA, CAST(NULL AS NVARCHAR(128)) AS SPECIFIC_NAME, "
                        + "CAST(NULL AS NVARCHAR(128)) AS ROUTINE_CATALOG, CAST(NULL AS NVARCHAR(128)) AS ROUTINE_SCHEMA, "
                        + "CAST(NULL AS NVARCHAR(128)) AS ROUTINE_NAME, CAST(NULL AS NVARCHAR(20)) AS ROUTINE_TYPE, "
                        + "CAST(NULL AS NVARCHAR(128)) AS DATA_TYPE, CAST(NULL AS NVARCHAR(4000)) AS ROUTINE_DEFINITION "
                        + "FROM (VALUES (1)) AS t(x) WHERE 1 = 0");
    }
}
