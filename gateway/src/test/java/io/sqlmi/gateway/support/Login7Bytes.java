package io.sqlmi.gateway.support;

import io.sqlmi.tds.login.PasswordCodec;
import io.sqlmi.tds.login.TdsVersion;
import io.sqlmi.tds.wire.GrowableBuffer;
import java.nio.charset.StandardCharsets;

/** Builds LOGIN7 payloads with whatever a test needs in them: any server name, version or read intent. */
public final class Login7Bytes {
    private static final int FIXED = 94;

    private String serverName = "";
    private String user = "sa";
    private String password = TestCluster.SA_PASSWORD;
    private String database = "";
    private int tdsVersion = TdsVersion.V7_4;
    private int typeFlags;

    public static Login7Bytes login() {
        return new Login7Bytes();
    }

    public Login7Bytes serverName(String value) {
        serverName = value;
        return this;
    }

    public Login7Bytes user(String value) {
        user = value;
        return this;
    }

    public Login7Bytes password(String value) {
        password = value;
        return this;
    }

    public Login7Bytes tdsVersion(int value) {
        tdsVersion = value;
        return this;
    }

    public Login7Bytes readOnlyIntent() {
        typeFlags |= 0x20;
        return this;
    }

    public byte[] build() {
        // variable part in the order of the offset table: host, user, password, app, server, (extension),
        // client interface, language, database
        byte[][] fields = {utf16("gateway-test"), utf16(user), PasswordCodec.encode(password), utf16("sqlmi-gateway-test"),
            utf16(serverName), utf16("raw"), utf16(""), utf16(database)};
        GrowableBuffer data = new GrowableBuffer();
        int[] offsets = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            offsets[i] = FIXED + data.size();
            data.writeBytes(fields[i]);
        }
        GrowableBuffer login = new GrowableBuffer();
        login.writeInt(FIXED + data.size());
        login.writeInt(tdsVersion);
        login.writeInt(4096);
        login.writeInt(0x01000000);
        login.writeInt((int) ProcessHandle.current().pid());
        login.writeInt(0);
        login.writeByte(0xE0);
        login.writeByte(0x03);
        login.writeByte(typeFlags);
        login.writeByte(0);
        login.writeInt(0);
        login.writeInt(0x0409);
        for (int i = 0; i < 5; i++) {
            login.writeShort(offsets[i]);
            login.writeShort(fields[i].length / 2);
        }
        login.writeShort(0);
        login.writeShort(0);
        for (int i = 5; i < 8; i++) {
            login.writeShort(offsets[i]);
            login.writeShort(fields[i].length / 2);
        }
        login.writeBytes(new byte[6]);
        for (int i = 0; i < 6; i++) {
            login.writeShort(0);
        }
        login.writeInt(0);
        data.writeTo(login);
        return login.toByteArray();
    }

    private static byte[] utf16(String text) {
        return text.getBytes(StandardCharsets.UTF_16LE);
    }
}
