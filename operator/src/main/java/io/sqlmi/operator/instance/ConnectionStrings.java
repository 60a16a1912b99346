package io.sqlmi.operator.instance;

import io.sqlmi.operator.connectivity.Ports;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Ready-made connection strings of the connection Secret, one per driver family, each validating the server's
 * certificate where the driver can be pointed at a CA: mssql-jdbc through the trust store, go-mssqldb through its
 * {@code certificate} file. ODBC and ADO.NET take no CA file (their ServerCertificate keywords pin one server
 * certificate, which redirect would break): they validate against the system's trust store, so ca.crt must be added
 * there (docs/certificates.md). Paths are those of the Secret mounted at {@link #MOUNT_PATH}.
 */
public final class ConnectionStrings {

    /** Where an application pod is expected to mount the connection Secret (api.md, "The connection Secret"). */
    public static final String MOUNT_PATH = "/etc/sqlmi/connection";
    public static final String CA_FILE = "ca.crt";
    public static final String TRUST_STORE_FILE = "truststore.jks";

    private ConnectionStrings() {
    }

    /**
     * mssql-jdbc. The wildcard {@code hostNameInCertificate} is the zone's: the gateway's certificate carries it, and
     * so do the engines' (mssql-jdbc validates it again after a redirect to a host of another domain).
     */
    public static String jdbc(String fqdn) {
        return "jdbc:sqlserver://" + fqdn + ":" + Ports.TDS + ";encrypt=true;trustServerCertificate=false;hostNameInCertificate="
                + zoneWildcard(fqdn) + ";trustStore=" + MOUNT_PATH + "/" + TRUST_STORE_FILE + ";loginTimeout=30";
    }

    /** Microsoft ODBC Driver 18 for SQL Server. Values in braces, so that any password character is taken as it is. */
    public static String odbc(String fqdn, String user, String password) {
        return "Driver={ODBC Driver 18 for SQL Server};Server=tcp:" + fqdn + "," + Ports.TDS + ";Uid=" + braced(user)
                + ";Pwd=" + braced(password) + ";Encrypt=yes;TrustServerCertificate=no;HostNameInCertificate="
                + zoneWildcard(fqdn) + ";Connection Timeout=30";
    }

    /** Microsoft.Data.SqlClient (ADO.NET) 5.0 or later, which has HostNameInCertificate. */
    public static String adoNet(String fqdn, String user, String password) {
        return "Server=tcp:" + fqdn + "," + Ports.TDS + ";User ID=" + quoted(user) + ";Password=" + quoted(password)
                + ";Encrypt=True;TrustServerCertificate=False;HostNameInCertificate=" + zoneWildcard(fqdn)
                + ";Connect Timeout=30";
    }

    /**
     * go-mssqldb (github.com/microsoft/go-mssqldb): {@code certificate} is the CA file. No hostNameInCertificate: the
     * driver then checks the instance's name, and after a redirect the routed host's, both in the certificates.
     */
    public static String goMssqldb(String fqdn, String user, String password) {
        return "sqlserver://" + userInfo(user) + ":" + userInfo(password) + "@" + fqdn + ":" + Ports.TDS
                + "?encrypt=true&certificate=" + MOUNT_PATH + "/" + CA_FILE + "&connection+timeout=30";
    }

    static String zoneWildcard(String fqdn) {
        return "*." + fqdn.substring(fqdn.indexOf('.') + 1);
    }

    private static String braced(String value) {
        return "{" + value.replace("}", "}}") + "}";
    }

    /** ADO.NET quotes a value with double quotes, doubling the ones inside. */
    private static String quoted(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static String userInfo(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
