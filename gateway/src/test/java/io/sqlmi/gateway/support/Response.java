package io.sqlmi.gateway.support;

import io.sqlmi.tds.token.EnvChangeType;
import io.sqlmi.tds.token.TokenType;
import io.sqlmi.tds.wire.ByteReader;
import java.util.ArrayList;
import java.util.List;

/** The tokens of a login response, in order, as a test wants to see them. */
public record Response(List<String> tokens, List<Integer> errors, List<String> messages, String routedHost,
        int routedPort) {

    public static Response parse(byte[] payload) {
        List<String> tokens = new ArrayList<>();
        List<Integer> errors = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        String host = null;
        int port = 0;
        ByteReader reader = new ByteReader(payload);
        while (reader.hasRemaining()) {
            int token = reader.u8();
            switch (token) {
                case TokenType.LOGINACK -> {
                    tokens.add("LOGINACK");
                    reader.skip(reader.u16());
                }
                case TokenType.ERROR, TokenType.INFO -> {
                    ByteReader message = new ByteReader(reader.bytes(reader.u16()));
                    int number = message.i32();
                    message.u8();
                    message.u8();
                    String text = message.usVarchar();
                    tokens.add(token == TokenType.ERROR ? "ERROR " + number : "INFO " + number);
                    if (token == TokenType.ERROR) {
                        errors.add(number);
                        messages.add(text);
                    }
                }
                case TokenType.ENVCHANGE -> {
                    ByteReader change = new ByteReader(reader.bytes(reader.u16()));
                    int type = change.u8();
                    tokens.add("ENVCHANGE " + type);
                    if (type == EnvChangeType.ROUTING) {
                        change.u16();
                        if (change.u8() != 0) {
                            throw new AssertionError("routing protocol must be 0 (TCP)");
                        }
                        port = change.u16();
                        host = change.usVarchar();
                    }
                }
                case TokenType.FEATUREEXTACK -> {
                    tokens.add("FEATUREEXTACK");
                    while (reader.u8() != 0xFF) {
                        reader.skip((int) reader.u32());
                    }
                }
                case TokenType.DONE -> {
                    tokens.add("DONE");
                    reader.skip(12);
                }
                default -> throw new AssertionError("unexpected token 0x" + Integer.toHexString(token));
            }
        }
        return new Response(List.copyOf(tokens), List.copyOf(errors), List.copyOf(messages), host, port);
    }

    public boolean loggedIn() {
        return tokens.contains("LOGINACK");
    }

    public String firstMessage() {
        return messages.isEmpty() ? null : messages.get(0);
    }
}
