package io.sqlmi.tds.login;

import java.nio.charset.StandardCharsets;

/**
 * LOGIN7 password obfuscation: the client swaps the two nibbles of every UTF-16LE byte and XORs
 * it with 0xA5 (MS-TDS 2.2.6.4). Decoding is XOR, then swap.
 */
public final class PasswordCodec {
    private PasswordCodec() {
    }

    public static String decode(byte[] scrambled) {
        byte[] plain = new byte[scrambled.length];
        for (int i = 0; i < scrambled.length; i++) {
            int b = (scrambled[i] & 0xFF) ^ 0xA5;
            plain[i] = (byte) ((b << 4 | b >>> 4) & 0xFF);
        }
        return new String(plain, StandardCharsets.UTF_16LE);
    }

    public static byte[] encode(String password) {
        byte[] plain = password.getBytes(StandardCharsets.UTF_16LE);
        byte[] scrambled = new byte[plain.length];
        for (int i = 0; i < plain.length; i++) {
            int b = plain[i] & 0xFF;
            scrambled[i] = (byte) (((b << 4 | b >>> 4) & 0xFF) ^ 0xA5);
        }
        return scrambled;
    }
}
