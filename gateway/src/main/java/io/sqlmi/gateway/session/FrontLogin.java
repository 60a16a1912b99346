package io.sqlmi.gateway.session;

import io.sqlmi.tds.login.Login7;

/**
 * A client's login as the gateway received it: the parsed LOGIN7, its exact bytes (forwarded to the engine on
 * the proxy path), the encryption the client got, and what TLS told (version, SNI).
 */
record FrontLogin(Login7 login, byte[] rawLogin, EncryptionMode encryption, String tlsProtocol, String sni,
        byte[] traceId) {
}
