package io.sqlmi.tds.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.tds.login.TdsVersion;
import io.sqlmi.tds.wire.ByteReader;
import io.sqlmi.tds.wire.GrowableBuffer;
import org.junit.jupiter.api.Test;

class TokensTest {
    /** The worked example of tds-protocol.md section 5: "mi1.zone.local" (14 chars) gives length 38, RDVL 33. */
    @Test
    void routingEnvChangeLayout() {
        GrowableBuffer out = new GrowableBuffer();
        Tokens.envChangeRouting(out, "mi1.zone.local", 11002);
        ByteReader reader = new ByteReader(out.toByteArray());
        assertThat(reader.u8()).isEqualTo(TokenType.ENVCHANGE);
        assertThat(reader.u16()).isEqualTo(38);
        assertThat(reader.u8()).isEqualTo(EnvChangeType.ROUTING);
        assertThat(reader.u16()).isEqualTo(33);
        assertThat(reader.u8()).as("protocol TCP").isZero();
        assertThat(reader.u16()).isEqualTo(11002);
        assertThat(reader.usVarchar()).isEqualTo("mi1.zone.local");
        assertThat(reader.u16()).as("empty old value").isZero();
        assertThat(reader.hasRemaining()).isFalse();
    }

    @Test
    void loginAckCarriesVersionBigEndian() {
        GrowableBuffer out = new GrowableBuffer();
        Tokens.loginAck(out, TdsVersion.V7_4, "Microsoft SQL Server", 16, 0, 4000);
        byte[] bytes = out.toByteArray();
        assertThat(bytes[0] & 0xFF).isEqualTo(TokenType.LOGINACK);
        assertThat(bytes[3]).as("interface T-SQL").isEqualTo((byte) 1);
        assertThat(new byte[] {bytes[4], bytes[5], bytes[6], bytes[7]}).containsExactly(0x74, 0x00, 0x00, 0x04);
        assertThat(bytes[bytes.length - 4]).isEqualTo((byte) 16);
        assertThat(((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF)).isEqualTo(4000);
    }

    @Test
    void errorTokenLayout() {
        GrowableBuffer out = new GrowableBuffer();
        Tokens.message(out, new SqlMessage(18456, 1, 14, "Login failed for user 'sa'.", "mi1", "", 1));
        ByteReader reader = new ByteReader(out.toByteArray());
        assertThat(reader.u8()).isEqualTo(TokenType.ERROR);
        reader.u16();
        assertThat(reader.i32()).isEqualTo(18456);
        assertThat(reader.u8()).isEqualTo(1);
        assertThat(reader.u8()).isEqualTo(14);
        assertThat(reader.usVarchar()).isEqualTo("Login failed for user 'sa'.");
        assertThat(reader.bVarchar()).isEqualTo("mi1");
        assertThat(reader.bVarchar()).isEmpty();
        assertThat(reader.i32()).isEqualTo(1);
    }
}
