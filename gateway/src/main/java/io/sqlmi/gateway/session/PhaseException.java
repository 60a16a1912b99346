package io.sqlmi.gateway.session;

import io.sqlmi.gateway.routing.LoginError;
import java.io.IOException;

/** A connection that must end with a login error before it could be routed (malformed PRELOGIN or LOGIN7). */
final class PhaseException extends IOException {
    private final LoginError error;

    PhaseException(LoginError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    LoginError error() {
        return error;
    }
}
