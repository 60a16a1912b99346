package io.sqlmi.tds.prelogin;

import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.wire.ByteReader;
import io.sqlmi.tds.wire.GrowableBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PRELOGIN payload: a table of {token, offset, length} entries (offsets and lengths big-endian,
 * relative to the payload start) ended by 0xFF, then the option data (MS-TDS 2.2.6.5).
 */
public final class PreLogin {
    private final Map<Integer, byte[]> options;

    public PreLogin(Map<Integer, byte[]> options) {
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public Map<Integer, byte[]> options() {
        return options;
    }

    public byte[] option(int token) {
        return options.get(token);
    }

    public Encryption encryption() {
        byte[] value = options.get(PreLoginOption.ENCRYPTION);
        if (value == null || value.length < 1) {
            return Encryption.NOT_SUPPORTED;
        }
        return Encryption.fromWire(value[0] & 0xFF);
    }

    public static PreLogin parse(byte[] payload) {
        ByteReader reader = new ByteReader(payload);
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        int entries = 0;
        while (true) {
            int token = reader.u8();
            if (token == PreLoginOption.TERMINATOR) {
                break;
            }
            if (++entries > 64) {
                throw new TdsProtocolException("PRELOGIN has too many options");
            }
            int offset = reader.u16BigEndian();
            int length = reader.u16BigEndian();
            options.put(token, reader.bytesAt(offset, length));
        }
        if (!options.containsKey(PreLoginOption.VERSION)) {
            throw new TdsProtocolException("PRELOGIN without VERSION");
        }
        return new PreLogin(options);
    }

    public byte[] encode() {
        GrowableBuffer table = new GrowableBuffer();
        GrowableBuffer data = new GrowableBuffer();
        int dataStart = options.size() * 5 + 1;
        for (Map.Entry<Integer, byte[]> option : options.entrySet()) {
            table.writeByte(option.getKey());
            table.writeShortBigEndian(dataStart + data.size());
            table.writeShortBigEndian(option.getValue().length);
            data.writeBytes(option.getValue());
        }
        table.writeByte(PreLoginOption.TERMINATOR);
        data.writeTo(table);
        return table.toByteArray();
    }

    /** The VERSION option: major, minor, build (big-endian), sub-build. */
    public static byte[] version(int major, int minor, int build, int subBuild) {
        return new byte[] {(byte) major, (byte) minor, (byte) (build >>> 8), (byte) build,
            (byte) (subBuild >>> 8), (byte) subBuild};
    }

    /** A server reply with the options every client accepts (tds-protocol.md section 2). */
    public static PreLogin serverReply(byte[] version, Encryption encryption) {
        Map<Integer, byte[]> reply = new LinkedHashMap<>();
        reply.put(PreLoginOption.VERSION, version);
        reply.put(PreLoginOption.ENCRYPTION, new byte[] {(byte) encryption.wireValue()});
        reply.put(PreLoginOption.INSTOPT, new byte[] {0});
        reply.put(PreLoginOption.THREADID, new byte[0]);
        reply.put(PreLoginOption.MARS, new byte[] {0});
        return new PreLogin(reply);
    }
}
