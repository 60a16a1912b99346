package io.sqlmi.gateway.session;

import javax.net.ssl.SSLContext;

/**
 * A gateway port: {@code tds} (1433: the VNet-local endpoint), {@code public} (3342) or {@code private}
 * (1435: private endpoints). {@code port}
 * is the port it is bound to, which a host's {@code listenerPort} in the routing table must name.
 */
public record Listener(String name, int port, SSLContext tls) {
}
