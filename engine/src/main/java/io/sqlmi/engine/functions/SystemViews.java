package io.sqlmi.engine.functions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.h2.tools.SimpleResultSet;

/**
 * Table functions behind the sys.* views each database gets. H2 calls them once with a
 * "jdbc:columnlist:connection" URL to learn the columns, then again for rows.
 */
public final class SystemViews {
    private SystemViews() {
    }

    /** sys.databases. */
    public static ResultSet databases(Connection connection) throws SQLException {
        SimpleResultSet rows = new SimpleResultSet();
        rows.addColumn("name", Types.NVARCHAR, 128, 0);
        rows.addColumn("database_id", Types.INTEGER, 10, 0);
        rows.addColumn("create_date", Types.TIMESTAMP, 23, 3);
        rows.addColumn("compatibility_level", Types.SMALLINT, 5, 0);
        rows.addColumn("collation_name", Types.NVARCHAR, 128, 0);
        rows.addColumn("state", Types.SMALLINT, 5, 0);
        rows.addColumn("state_desc", Types.NVARCHAR, 60, 0);
        rows.addColumn("is_read_only", Types.BOOLEAN, 1, 0);
        rows.addColumn("recovery_model_desc", Types.NVARCHAR, 60, 0);
        if (columnListOnly(connection)) {
            return rows;
        }
        for (Object[] database : SessionFunctions.session().databases()) {
            rows.addRow(database[0], database[1], database[2], (short) 160, "SQL_Latin1_General_CP1_CI_AS",
                    (short) 0, "ONLINE", false, "FULL");
        }
        return rows;
    }

    /** sys.dm_exec_connections. */
    public static ResultSet connections(Connection connection) throws SQLException {
        SimpleResultSet rows = new SimpleResultSet();
        rows.addColumn("session_id", Types.INTEGER, 10, 0);
        rows.addColumn("connect_time", Types.TIMESTAMP, 23, 3);
        rows.addColumn("encrypt_option", Types.NVARCHAR, 40, 0);
        rows.addColumn("net_transport", Types.NVARCHAR, 40, 0);
        rows.addColumn("protocol_type", Types.NVARCHAR, 40, 0);
        rows.addColumn("auth_scheme", Types.NVARCHAR, 40, 0);
        rows.addColumn("client_net_address", Types.NVARCHAR, 48, 0);
        if (columnListOnly(connection)) {
            return rows;
        }
        for (Object[] row : SessionFunctions.session().connections()) {
            rows.addRow(row[0], row[1], row[2], "TCP", "TSQL", "SQL", row[3]);
        }
        return rows;
    }

    private static boolean columnListOnly(Connection connection) throws SQLException {
        return connection.getMetaData().getURL().startsWith("jdbc:columnlist:");
    }
}
