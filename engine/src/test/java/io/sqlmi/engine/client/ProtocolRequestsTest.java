package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerBulkCopy;
import com.microsoft.sqlserver.jdbc.SQLServerDataTable;
import com.microsoft.sqlserver.jdbc.SQLServerException;
import com.microsoft.sqlserver.jdbc.SQLServerPreparedStatement;
import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.Results;
import io.sqlmi.engine.support.EngineFixture;
import io.sqlmi.engine.support.RawTdsClient;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.token.EnvChangeType;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14, defect 7: requests the engine does not support fail alone with a clear error and the
 * session goes on; named transactions and OUTPUT parameters work as drivers send them.
 */
class ProtocolRequestsTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();
    /** For the raw client, which speaks no TLS. */
    @RegisterExtension
    static final EngineExtension plain = EngineExtension.withEnvironment(Map.of("SQLMI_MINIMAL_TLS_VERSION", "None"));

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE target (id int PRIMARY KEY)");
        }
    }

    /** MS-TDS 2.2.6.9: the transaction name of TM_BEGIN_XACT and TM_COMMIT_XACT is counted in bytes. */
    @Test
    void namedTransactionManagerRequestsBeginAndCommit() throws Exception {
        try (RawTdsClient client = new RawTdsClient(plain.port())) {
            client.login("sa", EngineFixture.SA_PASSWORD);
            client.send(PacketType.TRANSACTION_MANAGER, RawTdsClient.beginTransaction("tx_named", 2));
            var begun = client.receive();
            assertThat(RawTdsClient.errorNumbers(begun)).isEmpty();
            assertThat(RawTdsClient.envChangeTypes(begun)).containsExactly(EnvChangeType.BEGIN_TRANSACTION);
            client.send(PacketType.TRANSACTION_MANAGER, RawTdsClient.commitTransaction("tx_named"));
            var committed = client.receive();
            assertThat(RawTdsClient.errorNumbers(committed)).isEmpty();
            assertThat(RawTdsClient.envChangeTypes(committed)).containsExactly(EnvChangeType.COMMIT_TRANSACTION);
            assertThat(client.closedByServer()).isFalse();
        }
    }

    @Test
    void spExecutesqlReturnsOutputParameters() throws SQLException {
        try (Connection connection = fixture.connect();
             CallableStatement call = connection.prepareCall("{call sp_executesql(?, ?, ?, ?, ?)}")) {
            call.setNString(1, "SET @doubled = @in * 2; SELECT @label = N'got ' + CAST(@in AS nvarchar(10))");
            call.setNString(2, "@in int, @doubled int OUTPUT, @label nvarchar(20) OUTPUT");
            call.setInt(3, 21);
            call.registerOutParameter(4, Types.INTEGER);
            call.registerOutParameter(5, Types.NVARCHAR);
            call.execute();
            assertThat(call.getInt(4)).isEqualTo(42);
            assertThat(call.getString(5)).isEqualTo("got 21");
        }
    }

    @Test
    void tableValuedParameterFailsTheRequestNotTheConnection() throws SQLException {
        try (Connection connection = fixture.connect()) {
            SQLServerDataTable rows = new SQLServerDataTable();
            rows.addColumnMetadata("id", Types.INTEGER);
            rows.addRow(1);
            SQLServerException error = catchThrowableOfType(SQLServerException.class, () -> {
                try (SQLServerPreparedStatement statement = (SQLServerPreparedStatement) connection.prepareStatement(
                        "INSERT INTO target SELECT id FROM ?")) {
                    statement.setStructured(1, "dbo.id_list", rows);
                    statement.executeUpdate();
                }
            });
            assertThat(error.getErrorCode()).isEqualTo(40517);
            assertThat(error.getMessage()).contains("table-valued parameter");
            Results.assertUsable(connection);
        }
    }

    /**
     * mssql-jdbc's bulk copy reads the target's metadata first (SET FMTONLY ON), which the engine refuses
     * with 40517; the INSERT BULK it would send next is refused the same way. The session goes on.
     */
    @Test
    void bulkCopyIsRefusedWith40517AndTheSessionGoesOn() throws SQLException {
        try (Connection source = fixture.connect(); Connection connection = fixture.connect();
             Statement statement = source.createStatement();
             ResultSet data = statement.executeQuery("SELECT 1 AS id")) {
            SQLServerException error = catchThrowableOfType(SQLServerException.class, () -> {
                try (SQLServerBulkCopy bulk = new SQLServerBulkCopy(connection)) {
                    bulk.setDestinationTableName("target");
                    bulk.writeToServer(data);
                }
            });
            assertThat(errorNumbers(error)).contains(40517);
            Results.assertUsable(connection);
            try (Statement insertBulk = connection.createStatement()) {
                SQLServerException refused = catchThrowableOfType(SQLServerException.class,
                        () -> insertBulk.execute("INSERT BULK target (id int)"));
                assertThat(refused.getErrorCode()).isEqualTo(40517);
                assertThat(refused.getMessage()).contains("INSERT BULK");
            }
            Results.assertUsable(connection);
        }
    }

    private static java.util.List<Integer> errorNumbers(Throwable error) {
        java.util.List<Integer> numbers = new java.util.ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                numbers.add(sql.getErrorCode());
            }
        }
        return numbers;
    }

    @Test
    void bulkLoadPacketGets40517AndTheSessionGoesOn() throws Exception {
        try (RawTdsClient client = new RawTdsClient(plain.port())) {
            client.login("sa", EngineFixture.SA_PASSWORD);
            client.send(PacketType.BULK_LOAD, new byte[] {(byte) 0x81, 0, 0});
            assertThat(RawTdsClient.errorNumbers(client.receive())).containsExactly(40517);
            client.send(PacketType.SQL_BATCH, RawTdsClient.sqlBatch("SELECT 1"));
            assertThat(RawTdsClient.errorNumbers(client.receive())).isEmpty();
        }
    }
}
