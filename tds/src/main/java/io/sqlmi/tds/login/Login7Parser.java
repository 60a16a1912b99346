package io.sqlmi.tds.login;

import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.wire.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses LOGIN7 payloads defensively: every offset and length is checked against the payload, and
 * names are bounded as SQL Server bounds them (128 characters; passwords 128).
 */
public final class Login7Parser {
    /** Fixed part of LOGIN7 up to and including cbSSPILong (MS-TDS 2.2.6.4). */
    private static final int FIXED_LENGTH = 94;
    private static final int MAX_NAME_CHARS = 128;
    private static final int MAX_FEATURES = 64;
    private static final int OPTION_FLAGS2_INTEGRATED_SECURITY = 0x80;
    private static final int OPTION_FLAGS3_EXTENSION = 0x10;

    private Login7Parser() {
    }

    public static Login7 parse(byte[] payload) {
        if (payload.length < FIXED_LENGTH) {
            throw new TdsProtocolException("LOGIN7 shorter than its fixed part");
        }
        ByteReader reader = new ByteReader(payload);
        long declaredLength = reader.u32();
        if (declaredLength > payload.length || declaredLength < FIXED_LENGTH) {
            throw new TdsProtocolException("LOGIN7 length field " + declaredLength + " does not match payload of "
                    + payload.length + " bytes");
        }
        int tdsVersion = reader.i32();
        int packetSize = reader.i32();
        int clientProgramVersion = reader.i32();
        int clientPid = reader.i32();
        int connectionId = reader.i32();
        int optionFlags1 = reader.u8();
        int optionFlags2 = reader.u8();
        int typeFlags = reader.u8();
        int optionFlags3 = reader.u8();
        int clientTimeZone = reader.i32();
        int clientLcid = reader.i32();

        String hostName = name(reader, "HostName");
        String userName = name(reader, "UserName");
        int passwordOffset = reader.u16();
        int passwordChars = reader.u16();
        String appName = name(reader, "AppName");
        String serverName = name(reader, "ServerName");
        int extensionOffset = reader.u16();
        int extensionLength = reader.u16();
        String clientInterfaceName = name(reader, "CltIntName");
        String language = name(reader, "Language");
        String database = name(reader, "Database");
        byte[] clientId = reader.bytes(6);
        reader.u16(); // ibSSPI
        int sspiLength = reader.u16();
        name(reader, "AtchDBFile");
        int changePasswordOffset = reader.u16();
        int changePasswordChars = reader.u16();

        if (passwordChars > MAX_NAME_CHARS || changePasswordChars > MAX_NAME_CHARS) {
            throw new TdsProtocolException("LOGIN7 password longer than " + MAX_NAME_CHARS + " characters");
        }
        String password = PasswordCodec.decode(reader.bytesAt(passwordOffset, passwordChars * 2));
        String changePassword = changePasswordChars == 0 ? null
                : PasswordCodec.decode(reader.bytesAt(changePasswordOffset, changePasswordChars * 2));
        boolean integrated = (optionFlags2 & OPTION_FLAGS2_INTEGRATED_SECURITY) != 0 || sspiLength > 0;

        List<FeatureExtension> features = new ArrayList<>();
        if ((optionFlags3 & OPTION_FLAGS3_EXTENSION) != 0 && extensionLength >= 4) {
            ByteReader pointer = new ByteReader(payload);
            pointer.position(extensionOffset);
            int featureOffset = pointer.i32();
            readFeatures(payload, featureOffset, features);
        }
        return new Login7(tdsVersion, packetSize, clientProgramVersion, clientPid, connectionId, optionFlags1,
                optionFlags2, typeFlags, optionFlags3, clientTimeZone, clientLcid, hostName, userName, password,
                appName, serverName, clientInterfaceName, language, database, clientId, integrated, changePassword,
                List.copyOf(features));
    }

    private static String name(ByteReader reader, String field) {
        int offset = reader.u16();
        int chars = reader.u16();
        if (chars > MAX_NAME_CHARS && !field.equals("AtchDBFile")) {
            throw new TdsProtocolException("LOGIN7 " + field + " longer than " + MAX_NAME_CHARS + " characters");
        }
        return reader.utf16At(offset, chars);
    }

    private static void readFeatures(byte[] payload, int offset, List<FeatureExtension> features) {
        if (offset < FIXED_LENGTH || offset >= payload.length) {
            throw new TdsProtocolException("LOGIN7 feature extension offset " + offset + " outside payload");
        }
        ByteReader reader = new ByteReader(payload);
        reader.position(offset);
        while (true) {
            int id = reader.u8();
            if (id == FeatureId.TERMINATOR) {
                return;
            }
            if (features.size() >= MAX_FEATURES) {
                throw new TdsProtocolException("LOGIN7 has too many feature extensions");
            }
            long length = reader.u32();
            if (length > reader.remaining()) {
                throw new TdsProtocolException("LOGIN7 feature " + id + " longer than the payload");
            }
            features.add(new FeatureExtension(id, reader.bytes((int) length)));
        }
    }
}
