package io.sqlmi.gateway.support;

import io.sqlmi.tds.login.Login7Writer;
import io.sqlmi.tds.login.TdsVersion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** LOGIN7 payloads with what drivers will not send: any server name, any TDS version. */
public final class Login7Bytes {
    private String serverName = "";
    private int tdsVersion = TdsVersion.V7_4;

    public static Login7Bytes login() {
        return new Login7Bytes();
    }

    public Login7Bytes serverName(String value) {
        serverName = value;
        return this;
    }

    public Login7Bytes tdsVersion(int value) {
        tdsVersion = value;
        return this;
    }

    /** The tds library's LOGIN7 of sa, with this TDS version written over its own (offset 4). */
    public byte[] build() {
        byte[] login = Login7Writer.sqlLogin("gateway-test", "sa", TestCluster.SA_PASSWORD, "sqlmi-gateway-test",
                serverName, "");
        ByteBuffer.wrap(login).order(ByteOrder.LITTLE_ENDIAN).putInt(4, tdsVersion);
        return login;
    }
}
