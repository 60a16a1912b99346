package io.sqlmi.tds.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Which TLS versions a server offers for each TDS transport. SQL Server gives TLS 1.3 only to
 * TDS 8.0 (strict) connections, so PRELOGIN-wrapped handshakes top out at 1.2; strict ones offer
 * 1.3 and 1.2 and select the ALPN protocol {@code tds/8.0} (tds-protocol.md section 3). Versions
 * the JDK has disabled (1.0 and 1.1 by default) are never offered.
 */
public final class TlsPolicy {
    public static final String TDS_8_ALPN = "tds/8.0";
    private static final List<String> WRAPPED_PROTOCOLS = List.of("TLSv1.2", "TLSv1.1", "TLSv1");
    private static final List<String> STRICT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsPolicy() {
    }

    public static SSLEngine serverEngine(SSLContext context, boolean strict) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        List<String> supported = Arrays.asList(engine.getSupportedProtocols());
        List<String> enabledByJdk = Arrays.asList(context.getDefaultSSLParameters().getProtocols());
        List<String> offered = new ArrayList<>();
        for (String protocol : strict ? STRICT_PROTOCOLS : WRAPPED_PROTOCOLS) {
            if (supported.contains(protocol) && enabledByJdk.contains(protocol)) {
                offered.add(protocol);
            }
        }
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(offered.toArray(String[]::new));
        if (strict) {
            parameters.setApplicationProtocols(new String[] {TDS_8_ALPN});
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Orders protocol names by version: "TLSv1" < "TLSv1.1" < "TLSv1.2" < "TLSv1.3". */
    public static int rank(String protocol) {
        return switch (protocol) {
            case "TLSv1", "TLSv1.0", "1.0" -> 10;
            case "TLSv1.1", "1.1" -> 11;
            case "TLSv1.2", "1.2" -> 12;
            case "TLSv1.3", "1.3" -> 13;
            default -> 0;
        };
    }
}
