package io.sqlmi.tds.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.tds.TdsProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MessageFramingTest {
    private static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 7);
        }
        return bytes;
    }

    @Test
    void largeMessageIsSplitIntoPacketsAndReassembled() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        TdsMessageWriter writer = new TdsMessageWriter(wire);
        writer.packetSize(512);
        writer.spid(57);
        byte[] sent = payload(2000);
        writer.writeMessage(PacketType.TABULAR_RESULT, sent);
        byte[] bytes = wire.toByteArray();
        assertThat(bytes.length).isEqualTo(2000 + 4 * 8);
        assertThat(bytes[1]).as("first packet is not the last").isEqualTo((byte) 0);
        assertThat(bytes[2] << 8 | bytes[3] & 0xFF).isEqualTo(512);
        assertThat(bytes[4] << 8 | bytes[5] & 0xFF).isEqualTo(57);

        TdsMessage received = new TdsMessageReader(new ByteArrayInputStream(bytes), 1 << 16).readMessage();
        assertThat(received.type()).isEqualTo(PacketType.TABULAR_RESULT);
        assertThat(received.payload()).isEqualTo(sent);
    }

    @Test
    void messagesOverTheLimitAreRefused() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        TdsMessageWriter writer = new TdsMessageWriter(wire);
        writer.packetSize(512);
        writer.writeMessage(PacketType.SQL_BATCH, payload(5000));
        TdsMessageReader reader = new TdsMessageReader(new ByteArrayInputStream(wire.toByteArray()), 4096);
        assertThatThrownBy(reader::readMessage).isInstanceOf(TdsProtocolException.class).hasMessageContaining("limit");
    }

    @Test
    void withdrawnMessagesAreSkipped() throws IOException {
        byte[] ignored = {PacketType.SQL_BATCH, PacketStatus.END_OF_MESSAGE | PacketStatus.IGNORE, 0, 10, 0, 0, 1, 0, 9, 9};
        byte[] kept = {PacketType.SQL_BATCH, PacketStatus.END_OF_MESSAGE, 0, 9, 0, 0, 1, 0, 5};
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(ignored);
        wire.write(kept);
        TdsMessage message = new TdsMessageReader(new ByteArrayInputStream(wire.toByteArray()), 100).readMessage();
        assertThat(message.payload()).containsExactly(5);
    }

    @Test
    void impossibleLengthsAndTypeChangesAreProtocolErrors() {
        byte[] tooShort = {0x12, 1, 0, 4, 0, 0, 0, 0};
        assertThatThrownBy(() -> new TdsMessageReader(new ByteArrayInputStream(tooShort), 100).readMessage())
                .isInstanceOf(TdsProtocolException.class);
        byte[] typeChange = {0x01, 0, 0, 9, 0, 0, 1, 0, 1, 0x03, 1, 0, 9, 0, 0, 2, 0, 1};
        assertThatThrownBy(() -> new TdsMessageReader(new ByteArrayInputStream(typeChange), 100).readMessage())
                .isInstanceOf(TdsProtocolException.class);
    }

    @Test
    void endOfStreamBetweenMessagesIsNull() throws IOException {
        assertThat(new TdsMessageReader(new ByteArrayInputStream(new byte[0]), 100).readMessage()).isNull();
    }
}
