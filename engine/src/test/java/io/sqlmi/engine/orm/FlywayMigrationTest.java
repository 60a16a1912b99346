package io.sqlmi.engine.orm;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.EngineFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flyway with its SQL Server support (flyway-sqlserver) applies two T-SQL migrations with GO
 * batches, records them in its history table, validates them against the scripts, and finds nothing
 * to do when run again.
 */
class FlywayMigrationTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    private static Flyway flyway() {
        return Flyway.configure().dataSource(fixture.url(""), "sa", EngineFixture.SA_PASSWORD)
                .locations("classpath:db/flyway").load();
    }

    @Test
    void migrationsApplyValidateAndAreNotRunTwice() throws Exception {
        MigrateResult first = flyway().migrate();
        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isEqualTo(2);
        flyway().validate();
        MigrateResult again = flyway().migrate();
        assertThat(again.migrationsExecuted).isZero();
        List<String> applied = new ArrayList<>();
        for (MigrationInfo info : flyway().info().applied()) {
            applied.add(info.getVersion() + ":" + info.getState().getDisplayName());
        }
        assertThat(applied).containsExactly("1:Success", "2:Success");
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT code, sku, quantity FROM dbo.low_stock ORDER BY code")) {
            List<String> low = new ArrayList<>();
            while (rows.next()) {
                low.add(rows.getString(1) + ":" + rows.getString(2) + ":" + rows.getInt(3));
            }
            assertThat(low).containsExactly("AMS:A-1:5");
        }
    }
}
