package io.sqlmi.tds.login;

import io.sqlmi.tds.wire.GrowableBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A minimal TDS 7.4 LOGIN7 (MS-TDS 2.2.6.4) for SQL authentication: the client side of what
 * {@link Login7Parser} reads, for tools and tests that log in without a driver.
 */
public final class Login7Writer {
    private static final int FIXED_LENGTH = 94;

    private Login7Writer() {
    }

    /**
     * @param host the client's host name
     * @param application the application name
     * @param serverName the ServerName field (what a gateway routes on)
     * @param database the initial database, or "" for the login's default
     */
    public static byte[] sqlLogin(String host, String user, String password, String application, String serverName,
            String database) {
        String[] strings = {host, user, null, application, serverName, "", "", database};
        GrowableBuffer variable = new GrowableBuffer();
        int[][] offsets = new int[strings.length][2];
        for (int i = 0; i < strings.length; i++) {
            byte[] bytes = i == 2 ? PasswordCodec.encode(password) : strings[i].getBytes(StandardCharsets.UTF_16LE);
            offsets[i][0] = FIXED_LENGTH + variable.size();
            offsets[i][1] = bytes.length / 2;
            variable.writeBytes(bytes);
        }
        GrowableBuffer login = new GrowableBuffer();
        login.writeInt(FIXED_LENGTH + variable.size());
        login.writeInt(TdsVersion.V7_4);
        login.writeInt(4096); // packet size
        login.writeInt(7); // client program version
        login.writeInt(1234); // client process id
        login.writeInt(0); // connection id
        login.writeByte(0xE0); // option flags 1: use database, init database fatal, set language
        login.writeByte(0x03); // option flags 2: init language fatal, ODBC
        login.writeByte(0);
        login.writeByte(0);
        login.writeInt(0); // time zone
        login.writeInt(0x0409); // LCID
        for (int index = 0; index < 5; index++) { // host, user, password, application, server name
            login.writeShort(offsets[index][0]);
            login.writeShort(offsets[index][1]);
        }
        login.writeShort(0); // extension
        login.writeShort(0);
        for (int index = 5; index < 8; index++) { // client interface, language, database
            login.writeShort(offsets[index][0]);
            login.writeShort(offsets[index][1]);
        }
        login.writeBytes(new byte[6]); // client id
        for (int i = 0; i < 6; i++) { // SSPI, attach database file, change password
            login.writeShort(0);
        }
        login.writeInt(0); // long SSPI length
        variable.writeTo(login);
        return login.toByteArray();
    }
}
