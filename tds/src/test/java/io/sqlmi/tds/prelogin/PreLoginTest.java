package io.sqlmi.tds.prelogin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.tds.TdsProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreLoginTest {
    @Test
    void serverReplyRoundTrips() {
        PreLogin reply = PreLogin.serverReply(PreLogin.version(16, 0, 4000, 1), Encryption.ON);
        PreLogin parsed = PreLogin.parse(reply.encode());
        assertThat(parsed.option(PreLoginOption.VERSION)).containsExactly(16, 0, 0x0F, 0xA0, 0, 1);
        assertThat(parsed.encryption()).isEqualTo(Encryption.ON);
        assertThat(parsed.option(PreLoginOption.THREADID)).isEmpty();
    }

    @Test
    void offsetsOutsideThePayloadAreRefused() {
        byte[] lying = {0x00, 0x00, 0x10, 0x00, 0x06, (byte) 0xFF};
        assertThatThrownBy(() -> PreLogin.parse(lying)).isInstanceOf(TdsProtocolException.class);
        assertThatThrownBy(() -> PreLogin.parse(new byte[] {0x01})).isInstanceOf(TdsProtocolException.class);
    }

    @Test
    void clientCertificateBitAndStrictValueAreRead() {
        assertThat(Encryption.fromWire(0x81)).isEqualTo(Encryption.ON);
        assertThat(Encryption.fromWire(0x04)).isEqualTo(Encryption.NOT_SUPPORTED);
    }

    /** The decision table of tds-protocol.md section 2 (client x server). */
    @ParameterizedTest
    @CsvSource({
        "OFF,false,OFF,LOGIN_ONLY", "OFF,true,REQUIRED,FULL", "ON,false,ON,FULL", "REQUIRED,false,ON,FULL",
        "NOT_SUPPORTED,false,NOT_SUPPORTED,NONE", "NOT_SUPPORTED,true,REQUIRED,REFUSED"})
    void serverAnswersAndOutcomes(Encryption client, boolean force, Encryption answer, Encryption.Outcome outcome) {
        assertThat(Encryption.serverAnswer(client, true, force)).isEqualTo(answer);
        assertThat(Encryption.outcome(client, answer)).isEqualTo(outcome);
    }

    @Test
    void withoutCertificateEncryptionIsNotSupported() {
        assertThat(Encryption.serverAnswer(Encryption.ON, false, false)).isEqualTo(Encryption.NOT_SUPPORTED);
        assertThat(Encryption.outcome(Encryption.ON, Encryption.NOT_SUPPORTED)).isEqualTo(Encryption.Outcome.REFUSED);
    }
}
