package io.sqlmi.engine.support;

import io.sqlmi.engine.tls.ServerCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One certificate for "localhost" per test run, written as PEM files the way a mounted Secret provides them. */
public final class TestCertificate {
    private static Path certFile;
    private static Path keyFile;
    private static Path trustStore;
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private TestCertificate() {
    }

    public static synchronized Path certFile() {
        create();
        return certFile;
    }

    public static synchronized Path keyFile() {
        create();
        return keyFile;
    }

    /** A PKCS#12 trust store holding the certificate, for clients that validate the chain. */
    public static synchronized Path trustStore() {
        create();
        return trustStore;
    }

    private static void create() {
        if (certFile != null) {
            return;
        }
        try {
            ServerCertificate certificate = ServerCertificate.selfSigned(List.of("localhost"));
            Path directory = Files.createTempDirectory("sqlmi-test-tls");
            certFile = Files.writeString(directory.resolve("tls.crt"), certificate.certificatePem());
            keyFile = Files.writeString(directory.resolve("tls.key"), certificate.privateKeyPem());
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("sqlmi", certificate.certificate());
            trustStore = directory.resolve("truststore.p12");
            try (java.io.OutputStream out = Files.newOutputStream(trustStore)) {
                store.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
