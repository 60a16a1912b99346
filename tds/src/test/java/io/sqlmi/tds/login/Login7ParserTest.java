package io.sqlmi.tds.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.wire.GrowableBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Login7ParserTest {
    /** Builds a LOGIN7 the way MS-TDS 2.2.6.4 lays it out, with a feature extension block. */
    static byte[] login(String user, String password, String server, String database, boolean readOnly) {
        String[] fields = {"host", user, password, "app", server, null, "ODBC", "", database};
        GrowableBuffer data = new GrowableBuffer();
        int[] offsets = new int[fields.length];
        int[] lengths = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            offsets[i] = 94 + data.size();
            if (i == 5) {
                data.writeInt(0); // placeholder: offset of the feature block, patched below
                lengths[i] = 4;
                continue;
            }
            byte[] bytes = i == 2 ? PasswordCodec.encode(fields[i]) : fields[i].getBytes(StandardCharsets.UTF_16LE);
            data.writeBytes(bytes);
            lengths[i] = bytes.length / 2;
        }
        int featureOffset = 94 + data.size();
        data.writeByte(FeatureId.UTF8_SUPPORT);
        data.writeInt(1);
        data.writeByte(1);
        data.writeByte(FeatureId.TERMINATOR);
        byte[] variable = data.toByteArray();
        int pointer = offsets[5] - 94;
        variable[pointer] = (byte) featureOffset;
        variable[pointer + 1] = (byte) (featureOffset >>> 8);

        GrowableBuffer out = new GrowableBuffer();
        out.writeInt(94 + variable.length);
        out.writeInt(TdsVersion.V7_4);
        out.writeInt(8000);
        out.writeInt(0);
        out.writeInt(42);
        out.writeInt(0);
        out.writeByte(0xE0);
        out.writeByte(0x03);
        out.writeByte(readOnly ? Login7.READ_ONLY_INTENT : 0);
        out.writeByte(0x10);
        out.writeInt(0);
        out.writeInt(0x0409);
        for (int i = 0; i < fields.length; i++) {
            out.writeShort(offsets[i]);
            out.writeShort(lengths[i]);
            if (i == 8) {
                break;
            }
        }
        out.writeBytes(new byte[6]);
        for (int i = 0; i < 3; i++) { // SSPI, AtchDBFile, ChangePassword
            out.writeShort(0);
            out.writeShort(0);
        }
        out.writeInt(0); // cbSSPILong
        out.writeBytes(variable);
        return out.toByteArray();
    }

    @Test
    void fieldsPasswordAndFeaturesAreRead() {
        Login7 login = Login7Parser.parse(login("sa", "Pässword-1", "mi1.zone.database.windows.net,1433", "sales", true));
        assertThat(login.userName()).isEqualTo("sa");
        assertThat(login.password()).isEqualTo("Pässword-1");
        assertThat(login.serverName()).isEqualTo("mi1.zone.database.windows.net,1433");
        assertThat(login.database()).isEqualTo("sales");
        assertThat(login.packetSize()).isEqualTo(8000);
        assertThat(login.tdsVersion()).isEqualTo(TdsVersion.V7_4);
        assertThat(login.readOnlyIntent()).isTrue();
        assertThat(login.hasFeature(FeatureId.UTF8_SUPPORT)).isTrue();
        assertThat(login.integratedSecurity()).isFalse();
    }

    @Test
    void passwordCodecIsItsOwnInverse() {
        assertThat(PasswordCodec.decode(PasswordCodec.encode("a-Z_9 ü"))).isEqualTo("a-Z_9 ü");
        // MS-TDS example: 'a' (0x61 0x00) scrambles to 0xB3 0xA5
        assertThat(PasswordCodec.encode("a")).containsExactly(0xB3, 0xA5);
    }

    @Test
    void liesAboutOffsetsAndLengthsAreProtocolErrors() {
        byte[] valid = login("sa", "x", "s", "", false);
        byte[] shortened = java.util.Arrays.copyOf(valid, 60);
        assertThatThrownBy(() -> Login7Parser.parse(shortened)).isInstanceOf(TdsProtocolException.class);
        byte[] badOffset = valid.clone();
        badOffset[40] = (byte) 0xFF;
        badOffset[41] = (byte) 0x7F;
        assertThatThrownBy(() -> Login7Parser.parse(badOffset)).isInstanceOf(TdsProtocolException.class);
        byte[] badLength = valid.clone();
        badLength[0] = (byte) 0xFF;
        badLength[1] = (byte) 0xFF;
        assertThatThrownBy(() -> Login7Parser.parse(badLength)).isInstanceOf(TdsProtocolException.class);
    }
}
