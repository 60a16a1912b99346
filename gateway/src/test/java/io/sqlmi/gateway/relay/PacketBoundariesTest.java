package io.sqlmi.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketBoundariesTest {
    private static byte[] packets(int... lengths) {
        ByteBuffer stream = ByteBuffer.allocate(Arrays.stream(lengths).sum());
        for (int length : lengths) {
            stream.put((byte) 0x04).put((byte) 0).putShort((short) length).putShort((short) 0).put((byte) 1)
                    .put((byte) 0).put(new byte[length - 8]);
        }
        return stream.array();
    }

    /** Feeds the stream in the given read sizes, wrapping at most {@code maxRecord} at once; returns the chunks. */
    private static List<Integer> chunks(byte[] stream, int[] reads, int maxRecord) {
        PacketBoundaries boundaries = new PacketBoundaries();
        List<Integer> chunks = new ArrayList<>();
        int offset = 0;
        for (int read : reads) {
            ByteBuffer plain = ByteBuffer.wrap(stream, offset, read).slice();
            while (plain.hasRemaining()) {
                int chunk = Math.min(maxRecord, boundaries.nextChunk(plain));
                int start = plain.position();
                plain.position(start + chunk);
                boundaries.consumed(plain, start, chunk);
                chunks.add(chunk);
            }
            offset += read;
        }
        return chunks;
    }

    @Test
    void severalPacketsReadAtOnceAreHandedOverOneByOne() {
        assertThat(chunks(packets(100, 4096, 30), new int[] {4226}, 16384)).containsExactly(100, 4096, 30);
    }

    @Test
    void aPacketLargerThanARecordIsSplitOnlyWhereTlsMustSplitIt() {
        assertThat(chunks(packets(32767, 50), new int[] {32817}, 16384)).containsExactly(16384, 16383, 50);
    }

    @Test
    void packetsSplitAcrossReadsAndHeadersCutInTwoAreFollowed() {
        byte[] stream = packets(1000, 2000, 500);
        assertThat(chunks(stream, new int[] {3, 1500, 1997}, 16384)).containsExactly(3, 997, 503, 1497, 500);
    }

    @Test
    void anyReadPatternHandsOverExactlyTheStream() {
        Random random = new Random(5);
        byte[] stream = packets(8, 4096, 9, 32767, 512, 8000, 100);
        List<Integer> reads = new ArrayList<>();
        int left = stream.length;
        while (left > 0) {
            int read = Math.min(left, 1 + random.nextInt(9000));
            reads.add(read);
            left -= read;
        }
        List<Integer> chunks = chunks(stream, reads.stream().mapToInt(Integer::intValue).toArray(), 16384);
        assertThat(chunks.stream().mapToInt(Integer::intValue).sum()).isEqualTo(stream.length);
    }

    @Test
    void aStreamThatIsNotTdsIsPassedOnAsItComes() {
        byte[] garbage = new byte[300];
        assertThat(chunks(garbage, new int[] {300}, 16384)).containsExactly(300);
    }
}
