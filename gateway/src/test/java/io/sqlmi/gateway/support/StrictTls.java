package io.sqlmi.gateway.support;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A TDS 8.0 opening: a TLS handshake straight on TCP, trusting the test CA, with SNI and ALPN as chosen. */
public final class StrictTls {
    /** What the handshake showed. */
    public record Handshake(X509Certificate certificate, String applicationProtocol, String protocol) {
        public List<String> dnsNames() throws Exception {
            return certificate.getSubjectAlternativeNames().stream().map(entry -> (String) entry.get(1)).toList();
        }
    }

    private StrictTls() {
    }

    public static Handshake handshake(int port, String sni) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(TestPki.shared().trustStore().toFile())) {
            trust.load(in, TestPki.TRUST_STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                port)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"tds/8.0"});
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new Handshake((X509Certificate) socket.getSession().getPeerCertificates()[0],
                    socket.getApplicationProtocol(), socket.getSession().getProtocol());
        }
    }
}
