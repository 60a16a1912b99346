package io.sqlmi.tds.token;

import io.sqlmi.tds.wire.ByteSink;
import io.sqlmi.tds.wire.GrowableBuffer;
import java.util.Map;

/**
 * Writers of the session-level tokens (MS-TDS 2.2.7): everything but column metadata and rows,
 * which {@link io.sqlmi.tds.types.ResultWriter} handles. Length-prefixed tokens are measured in a
 * scratch buffer first.
 */
public final class Tokens {
    private Tokens() {
    }

    /** LOGINACK: interface 1 (T-SQL), TDS version big-endian, program name, program version. */
    public static void loginAck(ByteSink sink, int tdsVersion, String programName, int major, int minor,
            int build) {
        GrowableBuffer body = new GrowableBuffer(64);
        body.writeByte(1);
        body.writeIntBigEndian(tdsVersion);
        body.writeBVarchar(programName);
        body.writeByte(major);
        body.writeByte(minor);
        body.writeByte(build >>> 8);
        body.writeByte(build);
        writeWithLength(sink, TokenType.LOGINACK, body);
    }

    /** ENVCHANGE whose values are B_VARCHAR text (database, language, packet size). */
    public static void envChangeText(ByteSink sink, int type, String newValue, String oldValue) {
        GrowableBuffer body = new GrowableBuffer(64);
        body.writeByte(type);
        body.writeBVarchar(newValue);
        body.writeBVarchar(oldValue);
        writeWithLength(sink, TokenType.ENVCHANGE, body);
    }

    /** ENVCHANGE whose values are B_VARBYTE (collation, transaction descriptors). */
    public static void envChangeBytes(ByteSink sink, int type, byte[] newValue, byte[] oldValue) {
        GrowableBuffer body = new GrowableBuffer(32);
        body.writeByte(type);
        body.writeByte(newValue.length);
        body.writeBytes(newValue);
        body.writeByte(oldValue.length);
        body.writeBytes(oldValue);
        writeWithLength(sink, TokenType.ENVCHANGE, body);
    }

    /**
     * ENVCHANGE type 20 (routing): protocol 0 (TCP), port, server name as US_VARCHAR, empty old
     * value (tds-protocol.md section 5 has a worked example).
     */
    public static void envChangeRouting(ByteSink sink, String host, int port) {
        GrowableBuffer body = new GrowableBuffer(64);
        body.writeByte(EnvChangeType.ROUTING);
        body.writeShort(5 + 2 * host.length());
        body.writeByte(0);
        body.writeShort(port);
        body.writeUsVarchar(host);
        body.writeShort(0);
        writeWithLength(sink, TokenType.ENVCHANGE, body);
    }

    /** ERROR (class above 10) or INFO token. */
    public static void message(ByteSink sink, SqlMessage message) {
        GrowableBuffer body = new GrowableBuffer(128);
        body.writeInt(message.number());
        body.writeByte(message.state());
        body.writeByte(message.severity());
        body.writeUsVarchar(message.text());
        body.writeBVarchar(message.serverName());
        body.writeBVarchar(message.procName());
        body.writeInt(message.lineNumber());
        writeWithLength(sink, message.informational() ? TokenType.INFO : TokenType.ERROR, body);
    }

    /** DONE, DONEPROC or DONEINPROC. */
    public static void done(ByteSink sink, int tokenType, int status, int currentCommand, long rowCount) {
        sink.writeByte(tokenType);
        sink.writeShort(status);
        sink.writeShort(currentCommand);
        sink.writeLong(rowCount);
    }

    public static void returnStatus(ByteSink sink, int value) {
        sink.writeByte(TokenType.RETURNSTATUS);
        sink.writeInt(value);
    }

    /** FEATUREEXTACK: {id, length DWORD, data}... then 0xFF. */
    public static void featureExtAck(ByteSink sink, Map<Integer, byte[]> acknowledged) {
        sink.writeByte(TokenType.FEATUREEXTACK);
        for (Map.Entry<Integer, byte[]> feature : acknowledged.entrySet()) {
            sink.writeByte(feature.getKey());
            sink.writeInt(feature.getValue().length);
            sink.writeBytes(feature.getValue());
        }
        sink.writeByte(0xFF);
    }

    private static void writeWithLength(ByteSink sink, int tokenType, GrowableBuffer body) {
        sink.writeByte(tokenType);
        sink.writeShort(body.size());
        body.writeTo(sink);
    }
}
