package io.sqlmi.engine.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The engine's TLS identity: a certificate chain and key read from PEM files (a mounted Secret),
 * or a self-signed certificate made at start for the instance name, the host name and localhost.
 */
public final class ServerCertificate {
    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private ServerCertificate(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    /** The DNS and IP names of the certificate's subject alternative names. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        try {
            if (certificate().getSubjectAlternativeNames() != null) {
                for (List<?> name : certificate().getSubjectAlternativeNames()) {
                    names.add(String.valueOf(name.get(1)));
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public PrivateKey privateKey() {
        return key;
    }

    /** Reads a PEM certificate chain and a PEM private key (PKCS#8, PKCS#1 RSA, SEC1 EC; unencrypted). */
    public static ServerCertificate fromPemFiles(Path certificateFile, Path keyFile) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            try (java.io.InputStream in = Files.newInputStream(certificateFile)) {
                for (Certificate certificate : java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificates(in)) {
                    chain.add((X509Certificate) certificate);
                }
            } catch (java.security.cert.CertificateException e) {
                throw new IllegalArgumentException("no certificate in " + certificateFile + ": " + e.getMessage(), e);
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + certificateFile);
            }
            return new ServerCertificate(List.copyOf(chain), PemKeys.read(keyFile));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate or key: " + e.getMessage(), e);
        }
    }

    /** A self-signed RSA certificate valid for a year for these DNS names (the first is the subject), localhost and 127.0.0.1. */
    public static ServerCertificate selfSigned(List<String> dnsNames) {
        Object[] made = SelfSignedCertificates.make(dnsNames);
        return new ServerCertificate(List.of((X509Certificate) made[0]), (PrivateKey) made[1]);
    }

    public SSLContext sslContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "sqlmi".toCharArray();
            store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context", e);
        }
    }

    /** PEM text of the certificate, for clients that pin it (and for tests). */
    public String certificatePem() {
        try {
            return pem("CERTIFICATE", certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PEM ("PRIVATE KEY"), readable by OpenSSL and by {@link #fromPemFiles}. */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
