package io.sqlmi.gateway.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The TLS contexts of the gateway: one per listener toward clients, one toward the engines. */
public final class TlsContexts {
    private static final int SESSION_CACHE_SIZE = 1024;
    private static final int SESSION_CACHE_SECONDS = 600;
    private TlsContexts() {
    }

    /** Serves the certificate chosen by SNI, or the one for {@code defaultName} when the client sends none. */
    public static SSLContext server(CertificateDirectory certificates, Supplier<String> defaultName) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new SniKeyManager(certificates, defaultName)}, null, new SecureRandom());
            limitSessionCache(context.getServerSessionContext());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context", e);
        }
    }

    /**
     * Toward the engines: with a CA file, an engine's chain must lead to one of its certificates (the host name is
     * not checked, as engines' certificates carry their redirect names, not the Service names the gateway dials);
     * without one, any certificate is accepted, as a client with TrustServerCertificate=true does.
     */
    public static SSLContext engines(Path caFile) {
        try {
            TrustManager[] trust;
            if (caFile == null) {
                trust = new TrustManager[] {new AnyCertificate()};
            } else {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<X509Certificate> authorities = PemFiles.certificates(Files.readAllBytes(caFile));
                for (int i = 0; i < authorities.size(); i++) {
                    store.setCertificateEntry("ca-" + i, authorities.get(i));
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                trust = factory.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, new SecureRandom());
            limitSessionCache(context.getClientSessionContext());
            return context;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the engines' CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * TLS sessions are kept for resumption (an engine login resumes the gateway's session with that engine), but
     * a bounded number: JSSE keeps 20,480 for a day by default, which a login storm turns into memory.
     */
    private static void limitSessionCache(SSLSessionContext sessions) {
        sessions.setSessionCacheSize(SESSION_CACHE_SIZE);
        sessions.setSessionTimeout(SESSION_CACHE_SECONDS);
    }

    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
