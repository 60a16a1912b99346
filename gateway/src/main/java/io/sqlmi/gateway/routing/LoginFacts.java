package io.sqlmi.gateway.routing;

/**
 * What the gateway knows about a login when it routes it.
 *
 * @param serverName LOGIN7 ServerName as sent
 * @param sni the TLS server name the client asked for, or null (FreeTDS and IP connections send none)
 * @param tdsVersion LOGIN7 TDSVersion (0x74000004 for 7.4, 0x08000000 for 8.0)
 * @param readOnlyIntent LOGIN7 TypeFlags fReadOnlyIntent (ApplicationIntent=ReadOnly)
 * @param tlsProtocol the TLS version of the session ("TLSv1.2"), or null without TLS
 * @param listenerPort the gateway port the connection arrived on
 */
public record LoginFacts(String serverName, String sni, int tdsVersion, boolean readOnlyIntent, String tlsProtocol,
        int listenerPort) {
}
