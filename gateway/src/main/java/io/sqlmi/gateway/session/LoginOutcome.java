package io.sqlmi.gateway.session;

import io.sqlmi.tds.token.TokenType;
import io.sqlmi.tds.wire.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * What an engine's login response says, read from its token stream without changing it: whether it holds a
 * LOGINACK (the login succeeded) and the numbers and first text of its ERROR tokens. The scan stops at a token
 * it does not know; the response is relayed whole either way.
 */
record LoginOutcome(boolean loggedIn, List<Integer> errors, String firstError) {
    private static final int SSPI = 0xED;
    private static final int FEDAUTHINFO = 0xEE;
    private static final int SESSIONSTATE = 0xE4;

    static LoginOutcome scan(byte[] payload) {
        ByteReader reader = new ByteReader(payload);
        boolean loggedIn = false;
        List<Integer> errors = new ArrayList<>();
        String firstError = null;
        try {
            while (reader.hasRemaining()) {
                int token = reader.u8();
                switch (token) {
                    case TokenType.LOGINACK -> {
                        loggedIn = true;
                        reader.skip(reader.u16());
                    }
                    case TokenType.ERROR -> {
                        ByteReader error = new ByteReader(reader.bytes(reader.u16()));
                        errors.add(error.i32());
                        error.u8();
                        error.u8();
                        if (firstError == null) {
                            firstError = error.usVarchar();
                        }
                    }
                    case TokenType.ENVCHANGE, TokenType.INFO, SSPI -> reader.skip(reader.u16());
                    case FEDAUTHINFO, SESSIONSTATE -> reader.skip((int) reader.u32());
                    case TokenType.FEATUREEXTACK -> skipFeatureAck(reader);
                    case TokenType.DONE, TokenType.DONEPROC, TokenType.DONEINPROC -> reader.skip(Math.min(12,
                            reader.remaining()));
                    default -> {
                        return new LoginOutcome(loggedIn, List.copyOf(errors), firstError);
                    }
                }
            }
        } catch (RuntimeException e) {
            // a response the scan does not follow is still relayed; what was read so far stands
        }
        return new LoginOutcome(loggedIn, List.copyOf(errors), firstError);
    }

    private static void skipFeatureAck(ByteReader reader) {
        while (true) {
            int feature = reader.u8();
            if (feature == 0xFF) {
                return;
            }
            reader.skip((int) reader.u32());
        }
    }
}
