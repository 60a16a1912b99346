package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.Results;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14, defect 5: the catalog ORMs and migration tools reflect on. Object ids join across
 * views as in SQL Server, types carry SQL Server's names, and H2's own schemas do not show.
 */
class CatalogTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE customers (id int IDENTITY(1,1) PRIMARY KEY, email nvarchar(50) NOT NULL, "
                    + "CONSTRAINT uq_customers_email UNIQUE (email))");
            statement.execute("CREATE TABLE orders (id bigint IDENTITY(1,1) NOT NULL, customer_id int NOT NULL, "
                    + "total decimal(10,2) NULL, placed datetime2(3) NOT NULL DEFAULT SYSDATETIME(), "
                    + "CONSTRAINT pk_orders PRIMARY KEY (id), CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) "
                    + "REFERENCES customers (id) ON DELETE CASCADE)");
            statement.execute("CREATE INDEX ix_orders_placed ON orders (placed DESC, customer_id)");
            statement.execute("CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100");
            statement.execute("CREATE SCHEMA sales");
            statement.execute("CREATE TABLE sales.leads (id int PRIMARY KEY)");
        }
    }

    private static List<String> rows(String query) throws SQLException {
        return Results.rows(fixture, query);
    }

    @Test
    void tablesJoinTheirSchemasBySchemaId() throws SQLException {
        assertThat(rows("SELECT s.name, t.name, t.type, t.type_desc FROM sys.tables t JOIN sys.schemas s "
                + "ON s.schema_id = t.schema_id ORDER BY s.name, t.name"))
                .containsExactly("dbo|customers|U|USER_TABLE", "dbo|orders|U|USER_TABLE", "sales|leads|U|USER_TABLE");
        assertThat(rows("SELECT name, schema_id FROM sys.schemas WHERE name IN ('dbo', 'sys', 'INFORMATION_SCHEMA', "
                + "'guest', 'PUBLIC') ORDER BY schema_id")).containsExactly("dbo|1", "guest|2", "INFORMATION_SCHEMA|3", "sys|4");
    }

    @Test
    void objectsListTablesViewsAndConstraintsWithTheirParents() throws SQLException {
        assertThat(rows("SELECT o.name, o.type, o.type_desc, COALESCE(OBJECT_NAME(o.parent_object_id), '-') "
                + "FROM sys.objects o WHERE o.schema_id = SCHEMA_ID('dbo') AND o.is_ms_shipped = 0 ORDER BY o.name"))
                .contains("big_orders|V|VIEW|-", "customers|U|USER_TABLE|-",
                        "fk_orders_customer|F|FOREIGN_KEY_CONSTRAINT|orders", "orders|U|USER_TABLE|-",
                        "pk_orders|PK|PRIMARY_KEY_CONSTRAINT|orders", "uq_customers_email|UQ|UNIQUE_CONSTRAINT|customers");
    }

    @Test
    void columnsCarrySqlServerTypesLengthsAndIdentity() throws SQLException {
        assertThat(rows("SELECT c.column_id, c.name, ty.name, c.max_length, c.precision, c.scale, c.is_nullable, "
                + "c.is_identity FROM sys.columns c JOIN sys.types ty ON ty.user_type_id = c.user_type_id "
                + "WHERE c.object_id = OBJECT_ID('dbo.orders') ORDER BY c.column_id")).containsExactly(
                "1|id|bigint|8|19|0|0|1", "2|customer_id|int|4|10|0|0|0", "3|total|decimal|9|10|2|1|0",
                "4|placed|datetime2|7|23|3|0|0");
    }

    @Test
    void indexesAndKeyConstraints() throws SQLException {
        assertThat(rows("SELECT i.name, i.is_primary_key, i.is_unique, i.type_desc FROM sys.indexes i "
                + "WHERE i.object_id = OBJECT_ID('orders') ORDER BY i.index_id"))
                .containsExactly("pk_orders|1|1|CLUSTERED", "ix_orders_placed|0|0|NONCLUSTERED");
        assertThat(rows("SELECT c.name, ic.key_ordinal, ic.is_descending_key FROM sys.indexes i "
                + "JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id "
                + "JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id "
                + "WHERE i.name = 'ix_orders_placed' ORDER BY ic.key_ordinal"))
                .containsExactly("placed|1|1", "customer_id|2|0");
        assertThat(rows("SELECT name, type, OBJECT_NAME(parent_object_id) FROM sys.key_constraints ORDER BY name"))
                .contains("pk_orders|PK|orders", "uq_customers_email|UQ|customers");
    }

    @Test
    void foreignKeysNameBothEndsAndTheirAction() throws SQLException {
        assertThat(rows("SELECT fk.name, OBJECT_NAME(fk.parent_object_id), OBJECT_NAME(fk.referenced_object_id), "
                + "fk.delete_referential_action_desc, fk.update_referential_action_desc, pc.name, rc.name "
                + "FROM sys.foreign_keys fk JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id "
                + "JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id "
                + "JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id"))
                .containsExactly("fk_orders_customer|orders|customers|CASCADE|NO_ACTION|customer_id|id");
    }

    @Test
    void objectFunctions() throws SQLException {
        assertThat(rows("SELECT CASE WHEN OBJECT_ID('dbo.orders') = (SELECT object_id FROM sys.tables WHERE name = 'orders') "
                + "THEN 1 ELSE 0 END, OBJECT_NAME(OBJECT_ID('[dbo].[orders]')), OBJECT_ID('orders', 'V'), "
                + "OBJECT_ID('no_such_table'), OBJECTPROPERTY(OBJECT_ID('orders'), 'IsUserTable'), "
                + "OBJECTPROPERTY(OBJECT_ID('big_orders'), 'IsView'), OBJECTPROPERTY(OBJECT_ID('orders'), 'TableHasIdentity'), "
                + "COLUMNPROPERTY(OBJECT_ID('orders'), 'id', 'IsIdentity'), COLUMNPROPERTY(OBJECT_ID('orders'), 'total', "
                + "'AllowsNull'), COLUMNPROPERTY(OBJECT_ID('orders'), 'total', 'Precision'), "
                + "CASE WHEN OBJECT_ID('pk_orders') IS NULL THEN 0 ELSE 1 END, OBJECT_ID('sales.leads', 'U') - OBJECT_ID('sales.leads')"))
                .containsExactly("1|orders|null|null|1|1|1|1|1|10|1|0");
    }

    @Test
    void informationSchemaSpeaksSqlServer() throws SQLException {
        assertThat(rows("SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, "
                + "IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'dbo' AND TABLE_NAME = 'orders' "
                + "ORDER BY ORDINAL_POSITION")).containsExactly("id|bigint|null|19|0|NO", "customer_id|int|null|10|0|NO",
                "total|decimal|null|10|2|YES", "placed|datetime2|null|null|null|NO");
        assertThat(rows("SELECT DATA_TYPE, CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_NAME = 'customers' AND COLUMN_NAME = 'email'")).containsExactly("nvarchar|50");
        assertThat(rows("SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES "
                + "ORDER BY TABLE_SCHEMA, TABLE_NAME")).containsExactly("master|dbo|big_orders|VIEW",
                "master|dbo|customers|BASE TABLE", "master|dbo|orders|BASE TABLE", "master|sales|leads|BASE TABLE");
        assertThat(rows("SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS "
                + "WHERE TABLE_NAME = 'orders' ORDER BY CONSTRAINT_NAME"))
                .containsExactly("fk_orders_customer|FOREIGN KEY", "pk_orders|PRIMARY KEY");
        assertThat(rows("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA ORDER BY SCHEMA_NAME"))
                .doesNotContain("PUBLIC").contains("dbo", "sales");
    }
}
